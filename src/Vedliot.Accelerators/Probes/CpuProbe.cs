using System.Globalization;
using Vedliot.Runtime.Discovery;

namespace Vedliot.Accelerators.Probes;

/// <summary>
/// Finds CPU packages from <c>/proc/cpuinfo</c> (model, threads, cores, ISA extensions) and their highest
/// clock from <c>/sys/devices/system/cpu/cpuN/cpufreq/cpuinfo_max_freq</c> (kHz, Documentation/cpu-freq).
/// </summary>
public sealed class CpuProbe : SysfsProbe
{
    private const string CpuInfoPath = "/proc/cpuinfo";

    /// <summary>Creates the probe.</summary>
    public CpuProbe(ProbeOptions options)
        : base(options)
    {
    }

    /// <inheritdoc />
    public override string Name => "cpu";

    /// <inheritdoc />
    /// <exception cref="CpuInfoFormatException">/proc/cpuinfo is garbled.</exception>
    public override IReadOnlyList<DiscoveredDevice> Probe()
    {
        var text = Tree.TryReadText(CpuInfoPath);
        if (text is null)
        {
            return [];
        }

        var info = CpuInfoParser.Parse(text, Tree.PathOf(CpuInfoPath));
        return info.Processors
            .GroupBy(p => Field(p, "physical id") ?? "0", StringComparer.Ordinal)
            .Select(package => Describe(package.Key, package.ToList(), info.System))
            .ToList();
    }

    private DiscoveredDevice Describe(string packageId, List<IReadOnlyDictionary<string, string>> processors, IReadOnlyDictionary<string, string> system)
    {
        var first = processors[0];
        var isX86 = first.ContainsKey("flags");
        var flags = Field(first, "flags") ?? Field(first, "Features") ?? Field(system, "Features") ?? string.Empty;
        var implementer = Field(first, "CPU implementer");
        var properties = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [DeviceProperties.Architecture] = isX86 ? "x86" : "arm",
            [DeviceProperties.Threads] = processors.Count.ToString(CultureInfo.InvariantCulture),
            [DeviceProperties.Cores] = CountCores(processors).ToString(CultureInfo.InvariantCulture),
            [DeviceProperties.Isa] = string.Join(',', IsaFeatures.FromFlags(flags)),
        };
        if (MaxFrequencyMhz(processors) is { } mhz)
        {
            properties[DeviceProperties.MaxFrequencyMhz] = mhz.ToString(CultureInfo.InvariantCulture);
        }

        var vendor = Field(first, "vendor_id") switch
        {
            "GenuineIntel" => "Intel",
            "AuthenticAMD" => "AMD",
            { } other => other,
            null => implementer is null ? "unknown" : ArmCpuParts.ImplementerName(implementer),
        };
        // ARM kernels print a generic "model name" such as "ARMv8 Processor rev 0 (v8l)", if any; the part code says more.
        var product = (isX86 ? Field(first, "model name") : ArmCores(processors) ?? Field(first, "model name")) ?? Field(system, "Hardware") ?? "unknown";
        return new DiscoveredDevice($"cpu:{packageId}", DeviceCategory.Cpu, vendor, product, CpuInfoPath, properties);
    }

    // Cores are the distinct "core id"s of a package on x86; ARM prints one block per core and no core id.
    private static int CountCores(List<IReadOnlyDictionary<string, string>> processors) =>
        processors.All(p => p.ContainsKey("core id"))
            ? processors.Select(p => p["core id"]).Distinct(StringComparer.Ordinal).Count()
            : processors.Count;

    // big.LITTLE packages list every distinct core type, e.g. "Cortex-A76 + Cortex-A55".
    private static string? ArmCores(List<IReadOnlyDictionary<string, string>> processors)
    {
        var names = processors
            .Where(p => p.ContainsKey("CPU implementer") && p.ContainsKey("CPU part"))
            .Select(p => $"{ArmCpuParts.ImplementerName(p["CPU implementer"])} {ArmCpuParts.PartName(p["CPU implementer"], p["CPU part"])}")
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return names.Count == 0 ? null : string.Join(" + ", names);
    }

    private long? MaxFrequencyMhz(List<IReadOnlyDictionary<string, string>> processors)
    {
        long? maxKhz = null;
        foreach (var number in processors.Select(p => p["processor"]))
        {
            if (Tree.TryReadInteger($"/sys/devices/system/cpu/cpu{number}/cpufreq/cpuinfo_max_freq") is { } khz)
            {
                maxKhz = Math.Max(maxKhz ?? 0, khz);
            }
        }

        return maxKhz / 1000;
    }

    private static string? Field(IReadOnlyDictionary<string, string> fields, string key) =>
        fields.TryGetValue(key, out var value) && value.Length > 0 ? value : null;
}
