namespace Vedliot.Accelerators.Tests.Fpga;

/// <summary>Valid manifest YAML for tests, with the fields a test wants to vary given.</summary>
internal static class ManifestText
{
    public static string For(
        string name = "dpu-test",
        string part = "xczu9eg-ffvb1156-2-e",
        int cores = 1,
        int opsPerCycle = 4096,
        double clockMhz = 300,
        string operators = "[Conv, Relu, Add]",
        string file = "dpu-test.bit.bin",
        string? sha256 = null,
        string? power = null) =>
        $"""
        # a test manifest
        name: {name}
        target_part: {part}
        architecture: DPUCZDX8G B{opsPerCycle}
        cores: {cores}
        peak_ops_per_cycle: {opsPerCycle}
        clock_mhz: {clockMhz.ToString(System.Globalization.CultureInfo.InvariantCulture)}
        {(power is null ? string.Empty : $"power_watts: {power}")}
        operators: {operators}
        precisions: [int8]
        file: {file}
        sha256: {sha256}
        """;
}
