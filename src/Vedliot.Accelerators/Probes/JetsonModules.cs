using Vedliot.Runtime.Discovery;

namespace Vedliot.Accelerators.Probes;

/// <summary>NVIDIA Jetson modules and SoCs by their device-tree <c>compatible</c> strings.</summary>
public static class JetsonModules
{
    // Source: the device trees in NVIDIA's L4T kernel and Linux arch/arm64/boot/dts/nvidia
    // (tegra194-p2888.dtsi, tegra194-p3668.dtsi, tegra234-p3701.dtsi, tegra234-p3767.dtsi, tegra210-p3450-0000.dts).
    private static readonly (string Compatible, string Module)[] Modules =
    [
        ("nvidia,p2888", "Jetson AGX Xavier"),
        ("nvidia,p3668", "Jetson Xavier NX"),
        ("nvidia,p3701", "Jetson AGX Orin"),
        ("nvidia,p3767", "Jetson Orin NX / Orin Nano"),
        ("nvidia,p3448", "Jetson Nano"),
    ];

    private static readonly (string Compatible, string Soc, string Gpu)[] Socs =
    [
        ("nvidia,tegra194", "tegra194", "Xavier integrated Volta GPU"),
        ("nvidia,tegra234", "tegra234", "Orin integrated Ampere GPU"),
        ("nvidia,tegra210", "tegra210", "Tegra X1 integrated Maxwell GPU"),
    ];

    /// <summary>Describes the Jetson GPU named by <paramref name="compatible"/>, or null when it is no Jetson.</summary>
    /// <returns>The product (module name and GPU) and the SoC name.</returns>
    public static (KnownDevice Gpu, string Soc)? FromCompatible(IReadOnlyList<string> compatible)
    {
        ArgumentNullException.ThrowIfNull(compatible);
        var soc = Socs.FirstOrDefault(s => compatible.Contains(s.Compatible, StringComparer.Ordinal));
        if (soc.Soc is null)
        {
            return null;
        }

        // Carrier boards list "nvidia,p3509-0000+p3668-0000": match the module number anywhere in an entry.
        var module = Modules.FirstOrDefault(m => compatible.Any(c => c.StartsWith(m.Compatible, StringComparison.Ordinal)
            || c.Contains($"+{m.Compatible["nvidia,".Length..]}", StringComparison.Ordinal)));
        var product = module.Module is null ? soc.Gpu : $"{module.Module} ({soc.Gpu})";
        return (new KnownDevice(DeviceCategory.Gpu, "NVIDIA", product), soc.Soc);
    }
}
