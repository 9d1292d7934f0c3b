using System.Globalization;
using System.Text;
using Vedliot.Runtime.Platform.Descriptors;
using Vedliot.Runtime.Yaml;

namespace Vedliot.Runtime.Tests.Platform;

public sealed class PlatformDescriptorLimitsTests
{
    private const string Module = """
          - id: MODULE
            kind: cpu
            vendor: Acme
            product: Acme CPU
            peak_ops_per_second: { fp32: 1e12 }
            memory: { capacity_gib: 2, bandwidth_gb_per_s: 10 }
            power: { idle_watts: 1, active_watts: 10 }
            call_overhead_ms: 0.1
            efficiency: 0.5
            operators: all
            backend: onnxruntime:CPU

        """;

    private const string Link = """
        links:
          - between: [m0, m1]
            kind: PCIe
            bandwidth_gbit_per_s: 32
            latency_us: 5
        """;

    private static readonly string Valid = Descriptor(2) + Link;

    // Each case: the text replaced, its replacement, the field named, and the range the error states.
    public static TheoryData<string, string, string, string> OutOfRange => new()
    {
        { "fp32: 1e12 }", "fp32: 1e-300 }", "modules[0].peak_ops_per_second.fp32", "1e6 to 1e18 ops/s" },
        { "fp32: 1e12 }", "fp32: 1e19 }", "modules[0].peak_ops_per_second.fp32", "1e6 to 1e18 ops/s" },
        { "fp32: 1e12 }", "fp32: 0 }", "modules[0].peak_ops_per_second.fp32", "1e6 to 1e18 ops/s" },
        { "fp32: 1e12 }", "fp32: -1e12 }", "modules[0].peak_ops_per_second.fp32", "1e6 to 1e18 ops/s" },
        { "fp32: 1e12 }", "int8: 1e308 }", "modules[0].peak_ops_per_second.int8", "1e6 to 1e18 ops/s" },
        { "capacity_gib: 2,", "capacity_gib: 1e-300,", "modules[0].memory.capacity_gib", "9.766e-4 to 65536 GiB" },
        { "capacity_gib: 2,", "capacity_gib: 1e10,", "modules[0].memory.capacity_gib", "9.766e-4 to 65536 GiB" },
        { "bandwidth_gb_per_s: 10 }", "bandwidth_gb_per_s: 1e-9 }", "modules[0].memory.bandwidth_gb_per_s", "0.001 to 100000 GB/s" },
        { "bandwidth_gb_per_s: 10 }", "bandwidth_gb_per_s: 1e300 }", "modules[0].memory.bandwidth_gb_per_s", "0.001 to 100000 GB/s" },
        { "idle_watts: 1,", "idle_watts: -1,", "modules[0].power.idle_watts", "0 to 10000 W" },
        { "active_watts: 10 }", "active_watts: 1e6 }", "modules[0].power.active_watts", "above 0 to 10000 W" },
        { "active_watts: 10 }", "active_watts: 0 }", "modules[0].power.active_watts", "above 0 to 10000 W" },
        { "call_overhead_ms: 0.1", "call_overhead_ms: -0.1", "modules[0].call_overhead_ms", "0 to 60000 ms" },
        { "call_overhead_ms: 0.1", "call_overhead_ms: 1e300", "modules[0].call_overhead_ms", "0 to 60000 ms" },
        { "efficiency: 0.5", "efficiency: 1e-300", "modules[0].efficiency", "0.01 to 1 (fraction of peak)" },
        { "efficiency: 0.5", "efficiency: 0", "modules[0].efficiency", "0.01 to 1 (fraction of peak)" },
        { "bandwidth_gbit_per_s: 32", "bandwidth_gbit_per_s: 1e-300", "links[0].bandwidth_gbit_per_s", "0.001 to 100000 Gbit/s" },
        { "bandwidth_gbit_per_s: 32", "bandwidth_gbit_per_s: 1e6", "links[0].bandwidth_gbit_per_s", "0.001 to 100000 Gbit/s" },
        { "latency_us: 5", "latency_us: -5", "links[0].latency_us", "0 to 1e7 µs" },
        { "latency_us: 5", "latency_us: 1e300", "links[0].latency_us", "0 to 1e7 µs" },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void A_descriptor_number_outside_its_range_is_refused_naming_the_field_the_value_and_the_range(string find, string replace, string field, string range)
    {
        var yaml = ReplaceFirst(Valid, find, replace);
        var value = replace.Split(':')[1].Trim(' ', ',', '}');

        var error = Assert.Throws<YamlFileException>(() => PlatformDescriptor.Parse(yaml, "box.yaml"));

        Assert.Equal(field, error.Field);
        Assert.Equal(LineOf(yaml, replace), error.Line);
        Assert.EndsWith($"{field}: {value} is outside the allowed range, {range}", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> NotFinite => new() { ".nan", ".inf", "-.inf", "NaN", "Infinity", "1e400" };

    [Theory]
    [MemberData(nameof(NotFinite))]
    public void A_descriptor_number_that_is_not_finite_is_refused_as_not_a_number(string text)
    {
        var error = Assert.Throws<YamlFileException>(() => PlatformDescriptor.Parse(ReplaceFirst(Valid, "efficiency: 0.5", $"efficiency: {text}"), "box.yaml"));

        Assert.EndsWith($"modules[0].efficiency: expected a number, found '{text}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Numbers_at_the_edges_of_their_ranges_are_accepted_and_keep_memory_and_transfer_times_finite()
    {
        var yaml = Valid
            .Replace("fp32: 1e12 }", "fp32: 1e6, int8: 1e18 }", StringComparison.Ordinal)
            .Replace("capacity_gib: 2,", "capacity_gib: 65536,", StringComparison.Ordinal)
            .Replace("efficiency: 0.5", "efficiency: 0.01", StringComparison.Ordinal)
            .Replace("bandwidth_gbit_per_s: 32", "bandwidth_gbit_per_s: 0.001", StringComparison.Ordinal)
            .Replace("latency_us: 5", "latency_us: 1e7", StringComparison.Ordinal);

        var platform = PlatformDescriptor.Parse(yaml, "edges.yaml");

        Assert.Equal(65536L << 30, platform.Modules[0].Memory.CapacityBytes);
        Assert.True(double.IsFinite(platform.Links[0].TransferMs(long.MaxValue)));
        Assert.Equal(1e6 * 0.01, platform.Modules[0].PeakOpsPerSecondAt(Vedliot.Runtime.Platform.Precision.Fp32) * platform.Modules[0].Efficiency, 6);
    }

    [Fact]
    public void A_descriptor_with_more_modules_than_the_limit_is_refused_before_its_modules_are_read()
    {
        var yaml = Descriptor(PlatformDescriptor.MaxModules + 1);

        var error = Assert.Throws<YamlFileException>(() => PlatformDescriptor.Parse(yaml, "big.yaml"));

        Assert.Equal("modules", error.Field);
        Assert.Contains($"65 modules are more than the limit of {PlatformDescriptor.MaxModules} a descriptor may hold", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_descriptor_with_exactly_the_limit_of_modules_is_read()
    {
        Assert.Equal(PlatformDescriptor.MaxModules, PlatformDescriptor.Parse(Descriptor(PlatformDescriptor.MaxModules), "full.yaml").Modules.Count);
    }

    [Fact]
    public void A_descriptor_declaring_more_slots_than_the_limit_is_refused()
    {
        var slots = string.Join(", ", Enumerable.Range(0, PlatformDescriptor.MaxSlots + 1).Select(i => string.Create(CultureInfo.InvariantCulture, $"s{i}")));
        var yaml = "platform: p\nchassis: c\ncarriers:\n  - id: c1\n    form_factor: M.2\n    slots: [" + slots + "]\n" + Descriptor(1)[("platform: p\nchassis: c\n").Length..];

        var error = Assert.Throws<YamlFileException>(() => PlatformDescriptor.Parse(yaml, "slots.yaml"));

        Assert.Equal("carriers[0].slots", error.Field);
        Assert.Contains($"limit of {PlatformDescriptor.MaxSlots} slots", error.Message, StringComparison.Ordinal);
    }

    private static string Descriptor(int modules)
    {
        var text = new StringBuilder("platform: p\nchassis: c\nmodules:\n");
        for (var m = 0; m < modules; m++)
        {
            text.Append(Module.Replace("MODULE", string.Create(CultureInfo.InvariantCulture, $"m{m}"), StringComparison.Ordinal));
        }

        return text.ToString();
    }

    private static string ReplaceFirst(string text, string find, string replace)
    {
        var at = text.IndexOf(find, StringComparison.Ordinal);
        Assert.True(at >= 0, find);
        return text[..at] + replace + text[(at + find.Length)..];
    }

    private static int LineOf(string text, string part) => text[..text.IndexOf(part, StringComparison.Ordinal)].Count(c => c == '\n') + 1;
}
