using System.Globalization;

namespace Vedliot.Accelerators.Probes;

/// <summary>Names of ARM cores by the <c>CPU implementer</c> and <c>CPU part</c> codes arm64 cpuinfo prints instead of a model name.</summary>
public static class ArmCpuParts
{
    // Source: Linux arch/arm64/include/asm/cputype.h (ARM_CPU_IMP_* and *_CPU_PART_* constants).
    private static readonly Dictionary<int, string> Implementers = new()
    {
        [0x41] = "Arm",
        [0x48] = "HiSilicon",
        [0x4e] = "NVIDIA",
        [0x51] = "Qualcomm",
        [0x61] = "Apple",
        [0xc0] = "Ampere",
    };

    private static readonly Dictionary<(int Implementer, int Part), string> Parts = new()
    {
        [(0x41, 0xd03)] = "Cortex-A53",
        [(0x41, 0xd04)] = "Cortex-A35",
        [(0x41, 0xd05)] = "Cortex-A55",
        [(0x41, 0xd07)] = "Cortex-A57",
        [(0x41, 0xd08)] = "Cortex-A72",
        [(0x41, 0xd09)] = "Cortex-A73",
        [(0x41, 0xd0a)] = "Cortex-A75",
        [(0x41, 0xd0b)] = "Cortex-A76",
        [(0x41, 0xd0c)] = "Neoverse-N1",
        [(0x41, 0xd0d)] = "Cortex-A77",
        [(0x41, 0xd40)] = "Neoverse-V1",
        [(0x41, 0xd41)] = "Cortex-A78",
        [(0x41, 0xd42)] = "Cortex-A78AE",
        [(0x41, 0xd44)] = "Cortex-X1",
        [(0x41, 0xd46)] = "Cortex-A510",
        [(0x41, 0xd47)] = "Cortex-A710",
        [(0x41, 0xd48)] = "Cortex-X2",
        [(0x41, 0xd49)] = "Neoverse-N2",
        [(0x41, 0xd4f)] = "Neoverse-V2",
        [(0x4e, 0x003)] = "Denver 2",
        [(0x4e, 0x004)] = "Carmel",
    };

    /// <summary>The implementer's name, or the code as printed when unknown or not a number.</summary>
    public static string ImplementerName(string implementer) =>
        ParseHex(implementer) is { } code && Implementers.TryGetValue(code, out var name) ? name : implementer;

    /// <summary>The core's name, e.g. <c>Cortex-A78AE</c>, or the codes as printed when unknown.</summary>
    public static string PartName(string implementer, string part) =>
        ParseHex(implementer) is { } imp && ParseHex(part) is { } code && Parts.TryGetValue((imp, code), out var name)
            ? name
            : $"part {part}";

    private static int? ParseHex(string text) =>
        text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
        && int.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
}
