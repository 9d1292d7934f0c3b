using System.Globalization;
using Vedliot.Runtime.Yaml;
using YamlDotNet.RepresentationModel;

namespace Vedliot.Runtime.Platform.Descriptors;

/// <summary>
/// Reads platform descriptors (YAML, see <c>platforms/README.md</c>): a chassis with carriers and slots,
/// its modules with their datasheet parameters, and the links between them. Modules read from a
/// descriptor are <see cref="Presence.Emulated"/> until discovery finds them on the machine.
/// </summary>
public static class PlatformDescriptor
{
    /// <summary>
    /// Most modules a descriptor may hold: 64. Every module is profiled block by block, and the local platform
    /// starts a node agent and a TPM simulator for each; the shipped descriptors hold 4 and 7. The placement takes
    /// them all (identical modules form one class, <see cref="Placement.PlacementProblem.MaxUsableClasses"/> distinct ones at most).
    /// </summary>
    public const int MaxModules = 64;

    /// <summary>Most carrier slots a descriptor may declare: 256, room for every module and spare slots.</summary>
    public const int MaxSlots = 256;

    private const double GiB = 1024.0 * 1024 * 1024;

    /// <summary>Reads the descriptor at <paramref name="path"/>.</summary>
    /// <exception cref="YamlFileException">The file is missing, not YAML, or a field is wrong (named with its line).</exception>
    public static Platform Load(string path) => Parse(YamlFields.ReadFile(path), path);

    /// <summary>Reads a descriptor from <paramref name="yaml"/>; <paramref name="file"/> names it in errors.</summary>
    /// <exception cref="YamlFileException">The text is not YAML, or a field is wrong.</exception>
    public static Platform Parse(string yaml, string file)
    {
        var root = YamlFields.Document(yaml, file);
        var name = root.String("platform");
        var chassis = root.String("chassis");
        var slots = ReadSlots(root);
        var modules = ReadModules(root, slots);
        var links = ReadLinks(root, modules);
        root.RejectUnknown();
        return new Platform(name, chassis, slots, modules, links, file);
    }

    private static List<Slot> ReadSlots(YamlFields root)
    {
        var slots = new List<Slot>();
        if (root.Optional("carriers") is null)
        {
            return slots;
        }

        var carriers = root.Sequence("carriers");
        for (var i = 0; i < carriers.Children.Count; i++)
        {
            var carrier = root.Item(carriers.Children[i], $"carriers[{i}]");
            var id = carrier.String("id");
            var formFactor = carrier.String("form_factor");
            var names = carrier.Sequence("slots");
            if (slots.Count + names.Children.Count > MaxSlots)
            {
                throw carrier.Error(names, carrier.Field("slots"), string.Create(CultureInfo.InvariantCulture, $"the carriers declare more than the limit of {MaxSlots} slots a descriptor may hold"));
            }

            for (var j = 0; j < names.Children.Count; j++)
            {
                var slot = new Slot(id, carrier.Scalar(names.Children[j], carrier.Field($"slots[{j}]")), formFactor);
                if (slots.Any(s => s.Path == slot.Path))
                {
                    throw carrier.Error(names.Children[j], carrier.Field($"slots[{j}]"), $"slot '{slot.Path}' is declared twice");
                }

                slots.Add(slot);
            }

            carrier.RejectUnknown();
        }

        return slots;
    }

    private static List<Module> ReadModules(YamlFields root, List<Slot> slots)
    {
        var modules = new List<Module>();
        var list = root.Sequence("modules");
        if (list.Children.Count > MaxModules)
        {
            throw root.Error(list, "modules", string.Create(CultureInfo.InvariantCulture, $"{list.Children.Count:N0} modules are more than the limit of {MaxModules} a descriptor may hold; describe the platform in parts"));
        }

        for (var i = 0; i < list.Children.Count; i++)
        {
            var fields = root.Item(list.Children[i], $"modules[{i}]");
            var module = ReadModule(fields, slots);
            if (modules.Any(m => m.Id == module.Id))
            {
                throw fields.Error(fields.Required("id"), fields.Field("id"), $"module id '{module.Id}' is used twice");
            }

            if (module.Slot is not null && modules.Any(m => m.Slot == module.Slot))
            {
                throw fields.Error(fields.Required("slot"), fields.Field("slot"), $"slot '{module.Slot}' already holds module '{modules.First(m => m.Slot == module.Slot).Id}'");
            }

            modules.Add(module);
            fields.RejectUnknown();
        }

        if (modules.Count == 0)
        {
            throw root.Error(list, "modules", "a platform needs at least one module");
        }

        return modules;
    }

    private static Module ReadModule(YamlFields fields, List<Slot> slots)
    {
        var id = fields.String("id");
        var slot = fields.OptionalString("slot");
        if (slot is not null && slots.All(s => s.Path != slot))
        {
            throw fields.Error(fields.Required("slot"), fields.Field("slot"), $"no carrier declares slot '{slot}'; declared: {string.Join(", ", slots.Select(s => s.Path))}");
        }

        var peak = new Dictionary<Precision, double>();
        var peakFields = fields.Mapping("peak_ops_per_second");
        foreach (var precision in Enum.GetValues<Precision>())
        {
            var key = precision.ToString().ToLowerInvariant();
            if (peakFields.Optional(key) is { } node)
            {
                peak[precision] = peakFields.Number(node, peakFields.Field(key), DescriptorRanges.PeakOpsPerSecond);
            }
        }

        peakFields.RejectUnknown();
        if (peak.Count == 0)
        {
            throw fields.Error(peakFields.Node, fields.Field("peak_ops_per_second"), "give the peak for at least one precision (fp32, fp16, bf16, int8, int4)");
        }

        var memory = fields.Mapping("memory");
        var memorySpec = new MemorySpec((long)(memory.Number("capacity_gib", DescriptorRanges.CapacityGib) * GiB), memory.Number("bandwidth_gb_per_s", DescriptorRanges.MemoryBandwidthGbPerS) * 1e9);
        memory.RejectUnknown();

        var power = fields.Mapping("power");
        var idle = power.Number("idle_watts", DescriptorRanges.IdleWatts);
        var active = power.Number("active_watts", DescriptorRanges.ActiveWatts);
        if (active < idle)
        {
            throw power.Error(power.Required("active_watts"), power.Field("active_watts"), $"active power {active} W is below idle power {idle} W");
        }

        power.RejectUnknown();

        var backend = fields.String("backend");
        if (backend != "emulated" && !backend.StartsWith("onnxruntime:", StringComparison.Ordinal))
        {
            throw fields.Error(fields.Required("backend"), fields.Field("backend"), $"'{backend}' is neither onnxruntime:<provider> nor emulated");
        }

        return new Module(
            id,
            fields.Enum<ModuleKind>("kind"),
            fields.String("vendor"),
            fields.String("product"),
            peak,
            memorySpec,
            ReadOperators(fields, peak.Keys),
            new PowerModel(idle, active),
            fields.Number("call_overhead_ms", DescriptorRanges.CallOverheadMs),
            fields.Number("efficiency", DescriptorRanges.Efficiency),
            backend,
            Presence.Emulated,
            slot,
            ReadProperties(fields));
    }

    private static OperatorSupport ReadOperators(YamlFields fields, IEnumerable<Precision> precisions)
    {
        var node = fields.Required("operators");
        var field = fields.Field("operators");
        if (node is YamlScalarNode { Value: "all" })
        {
            return new OperatorSupport(null, precisions.ToHashSet());
        }

        if (node is not YamlSequenceNode list || list.Children.Count == 0)
        {
            throw fields.Error(node, field, "expected 'all' or a list of ONNX operator types");
        }

        return new OperatorSupport(list.Children.Select((o, i) => fields.Scalar(o, $"{field}[{i}]")).ToHashSet(StringComparer.Ordinal), precisions.ToHashSet());
    }

    private static Dictionary<string, string> ReadProperties(YamlFields fields)
    {
        if (fields.Optional("properties") is null)
        {
            return [];
        }

        var mapping = fields.Mapping("properties");
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in ((YamlMappingNode)mapping.Node).Children.Keys.OfType<YamlScalarNode>())
        {
            properties[key.Value!] = mapping.String(key.Value!);
        }

        return properties;
    }

    private static List<Link> ReadLinks(YamlFields root, List<Module> modules)
    {
        var links = new List<Link>();
        if (root.Optional("links") is null)
        {
            return links;
        }

        var list = root.Sequence("links");
        for (var i = 0; i < list.Children.Count; i++)
        {
            var fields = root.Item(list.Children[i], $"links[{i}]");
            var between = fields.Sequence("between");
            if (between.Children.Count != 2)
            {
                throw fields.Error(between, fields.Field("between"), $"a link joins two modules, found {between.Children.Count}");
            }

            var ends = between.Children.Select((n, j) => fields.Scalar(n, fields.Field($"between[{j}]"))).ToArray();
            for (var j = 0; j < 2; j++)
            {
                if (modules.All(m => m.Id != ends[j]))
                {
                    throw fields.Error(between.Children[j], fields.Field($"between[{j}]"), $"no module '{ends[j]}'; modules: {string.Join(", ", modules.Select(m => m.Id))}");
                }
            }

            if (ends[0] == ends[1] || links.Any(l => l.Joins(ends[0], ends[1])))
            {
                throw fields.Error(between, fields.Field("between"), ends[0] == ends[1] ? "a link joins two different modules" : $"{ends[0]} and {ends[1]} are already linked");
            }

            links.Add(new Link(
                ends[0],
                ends[1],
                fields.String("kind"),
                fields.Number("bandwidth_gbit_per_s", DescriptorRanges.LinkBandwidthGbitPerS) * 1e9 / 8,
                fields.Number("latency_us", DescriptorRanges.LinkLatencyUs) / 1000.0,
                OptionalNumber(fields, "energy_pj_per_bit", DescriptorRanges.LinkEnergyPjPerBit) * 8e-12,
                OptionalNumber(fields, "busy_watts", DescriptorRanges.LinkBusyWatts))
            {
                Encrypted = fields.OptionalString("encrypted") is { } encrypted
                    && (encrypted is "true" or "false" ? encrypted == "true" : throw fields.Error(fields.Required("encrypted"), fields.Field("encrypted"), $"expected true or false, found '{encrypted}'")),
            });
            fields.RejectUnknown();
        }

        return links;
    }

    /// <summary>A link figure a descriptor may leave out (older descriptors): 0 then, so the link costs no energy.</summary>
    private static double OptionalNumber(YamlFields fields, string key, NumberRange range) =>
        fields.Optional(key) is { } node ? fields.Number(node, fields.Field(key), range) : 0;
}
