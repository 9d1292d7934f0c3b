namespace Vedliot.Accelerators.Probes;

/// <summary>The instruction-set extensions that matter for neural network kernels, by their cpuinfo flag names.</summary>
public static class IsaFeatures
{
    // x86 flag names as arch/x86/include/asm/cpufeatures.h prints them in /proc/cpuinfo "flags";
    // ARM names as Documentation/arch/arm64/elf_hwcaps.rst prints them in "Features" ("neon" is 32-bit ARM's name).
    private static readonly (string Flag, string Feature)[] Known =
    [
        ("avx", "AVX"),
        ("fma", "FMA"),
        ("f16c", "F16C"),
        ("avx2", "AVX2"),
        ("avx_vnni", "AVX-VNNI"),
        ("avx512f", "AVX-512F"),
        ("avx512bw", "AVX-512BW"),
        ("avx512vl", "AVX-512VL"),
        ("avx512_vnni", "AVX-512 VNNI"),
        ("avx512_bf16", "AVX-512 BF16"),
        ("avx512_fp16", "AVX-512 FP16"),
        ("amx_bf16", "AMX-BF16"),
        ("amx_int8", "AMX-INT8"),
        ("neon", "NEON"),
        ("asimd", "NEON"),
        ("asimdhp", "NEON FP16"),
        ("asimddp", "NEON DotProd"),
        ("i8mm", "I8MM"),
        ("bf16", "BF16"),
        ("sve", "SVE"),
        ("sve2", "SVE2"),
    ];

    /// <summary>The known features among the space-separated <paramref name="flags"/>, in the table's order, each once.</summary>
    public static IReadOnlyList<string> FromFlags(string flags)
    {
        ArgumentNullException.ThrowIfNull(flags);
        var present = flags.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        return Known.Where(k => present.Contains(k.Flag)).Select(k => k.Feature).Distinct(StringComparer.Ordinal).ToList();
    }
}
