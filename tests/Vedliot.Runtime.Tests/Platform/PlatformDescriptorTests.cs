using Vedliot.Runtime.Yaml;
using Vedliot.Runtime.Platform;
using Vedliot.Runtime.Platform.Descriptors;
using Vedliot.Testing;

namespace Vedliot.Runtime.Tests.Platform;

public class PlatformDescriptorTests
{
    private const string Valid = """
        platform: test-box
        chassis: Test chassis
        carriers:
          - id: c1
            form_factor: M.2
            slots: [a, b]
        modules:
          - id: cpu
            slot: c1/a
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
          - id: npu
            kind: asic
            vendor: Acme
            product: Acme NPU
            peak_ops_per_second: { int8: 4e12 }
            memory: { capacity_gib: 0.5, bandwidth_gb_per_s: 1 }
            power: { idle_watts: 0.5, active_watts: 2 }
            call_overhead_ms: 0.3
            efficiency: 0.5
            operators: [Conv, Relu]
            backend: emulated
        links:
          - between: [cpu, npu]
            kind: PCIe Gen3 x4
            bandwidth_gbit_per_s: 32
            latency_us: 5
        """;

    [Theory]
    [InlineData("recs-box.yaml", 5)]
    [InlineData("urecs-edge.yaml", 3)]
    public void The_shipped_descriptors_load_with_every_module_emulated(string file, int modules)
    {
        var platform = PlatformDescriptor.Load(Path.Combine(RepositoryPaths.Root, "platforms", file));

        Assert.Equal(modules, platform.Modules.Count);
        Assert.All(platform.Modules, m => Assert.Equal(Presence.Emulated, m.Presence));
        Assert.All(platform.Modules, m => Assert.NotEmpty(m.PeakOpsPerSecond));
        Assert.NotEmpty(platform.Links);
    }

    [Fact]
    public void The_recs_box_holds_every_kind_of_module()
    {
        var platform = PlatformDescriptor.Load(Path.Combine(RepositoryPaths.Root, "platforms", "recs-box.yaml"));

        Assert.Equal([ModuleKind.Cpu, ModuleKind.Gpu, ModuleKind.Fpga, ModuleKind.Asic], platform.Modules.Select(m => m.Kind).Distinct().Order());
    }

    [Fact]
    public void Units_are_converted_from_the_descriptors_names()
    {
        var platform = PlatformDescriptor.Parse(Valid, "test.yaml");

        var cpu = platform.Modules[0];
        Assert.Equal(2L << 30, cpu.Memory.CapacityBytes);
        Assert.Equal(10e9, cpu.Memory.BandwidthBytesPerSecond);
        Assert.Equal("c1/a", cpu.Slot);
        Assert.True(cpu.Operators.RunsEveryOperator);
        var link = Assert.Single(platform.Links);
        Assert.Equal(4e9, link.BandwidthBytesPerSecond);
        Assert.Equal(0.005, link.LatencyMs, 9);
        Assert.False(link.Encrypted);
        Assert.True(Assert.Single(PlatformDescriptor.Parse(Valid.Replace("latency_us: 5", "latency_us: 5\n    encrypted: true", StringComparison.Ordinal), "test.yaml").Links).Encrypted);
        Assert.Equal(["Conv", "Relu"], platform.Modules[1].Operators.Operators!.Order());
        Assert.Equal([Precision.Int8], platform.Modules[1].Operators.Precisions);
    }

    [Theory]
    [InlineData("    vendor: Acme\n    product: Acme CPU", "    product: Acme CPU", 8, "modules[0].vendor: required field is missing")]
    [InlineData("capacity_gib: 2,", "capacity_gib: lots,", 14, "modules[0].memory.capacity_gib: expected a number, found 'lots'")]
    [InlineData("efficiency: 0.5\n    operators: all", "efficiency: 1.5\n    operators: all", 17, "modules[0].efficiency: 1.5 is outside the allowed range, 0.01 to 1 (fraction of peak)")]
    [InlineData("slot: c1/a", "slot: c9/z", 9, "modules[0].slot: no carrier declares slot 'c9/z'")]
    [InlineData("kind: asic", "kind: tpu", 21, "modules[1].kind: 'tpu' is not one of cpu, gpu, fpga, asic")]
    [InlineData("between: [cpu, npu]", "between: [cpu, gpu]", 32, "links[0].between[1]: no module 'gpu'")]
    [InlineData("latency_us: 5", "latency_us: 5\n    encrypted: yes", 36, "links[0].encrypted: expected true or false, found 'yes'")]
    [InlineData("    call_overhead_ms: 0.3", "    call_overhead_ms: 0.3\n    colour: blue", 28, "modules[1].colour: unknown field")]
    [InlineData("backend: emulated", "backend: hailort", 30, "modules[1].backend: 'hailort' is neither")]
    [InlineData("- id: npu", "- id: cpu", 20, "modules[1].id: module id 'cpu' is used twice")]
    [InlineData("{ idle_watts: 1, active_watts: 10 }", "{ idle_watts: 11, active_watts: 10 }", 15, "modules[0].power.active_watts: active power 10 W is below idle power 11 W")]
    public void A_bad_field_is_named_with_its_file_and_line(string find, string replace, int line, string message)
    {
        var yaml = Valid.Replace(find, replace, StringComparison.Ordinal);
        Assert.NotEqual(Valid, yaml);

        var error = Assert.Throws<YamlFileException>(() => PlatformDescriptor.Parse(yaml, "box.yaml"));

        Assert.StartsWith($"box.yaml:{line}: {message}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_that_is_not_yaml_is_refused_with_its_line()
    {
        var error = Assert.Throws<YamlFileException>(() => PlatformDescriptor.Parse("platform: [unclosed\nchassis: x", "bad.yaml"));

        Assert.StartsWith("bad.yaml:", error.Message, StringComparison.Ordinal);
        Assert.Contains("not valid YAML", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        Assert.Equal("/nonexistent/box.yaml:0: (file): file not found", Assert.Throws<YamlFileException>(() => PlatformDescriptor.Load("/nonexistent/box.yaml")).Message);
    }

    [Fact]
    public void Random_mutations_give_a_platform_or_a_descriptor_error_never_a_crash()
    {
        var random = new Random(3141);
        var alphabet = ":-[]{},# \n\"'abc019.e";
        for (var i = 0; i < 500; i++)
        {
            var chars = Valid.ToCharArray();
            for (var edits = random.Next(1, 6); edits > 0; edits--)
            {
                chars[random.Next(chars.Length)] = alphabet[random.Next(alphabet.Length)];
            }

            try
            {
                PlatformDescriptor.Parse(new string(chars), "fuzz.yaml");
            }
            catch (YamlFileException)
            {
                // The expected outcome for most mutations.
            }
        }
    }

    [Fact]
    public void A_nul_character_is_refused_as_not_valid_yaml()
    {
        // Found by the fuzzer (eng/fuzz.sh platform-descriptor): YamlDotNet took the NUL for the end of the
        // stream inside a mapping and threw ArgumentException, which escaped Parse.
        var error = Assert.Throws<YamlFileException>(() => PlatformDescriptor.Parse("platform: box\nchassis: x\n\0: o", "box.yaml"));
        Assert.Contains("box.yaml:3", error.Message, StringComparison.Ordinal);
        Assert.Contains("U+0000", error.Message, StringComparison.Ordinal);
    }
}
