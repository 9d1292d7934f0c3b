using Vedliot.Runtime.Discovery;

namespace Vedliot.Accelerators.Probes;

/// <summary>
/// Finds FPGAs that Linux can program from <c>/sys/class/fpga_manager/fpgaN/{name,state}</c>
/// (Documentation/ABI/testing/sysfs-class-fpga-manager), with the board from <c>/proc/device-tree/compatible</c>.
/// </summary>
public sealed class FpgaManagerProbe : SysfsProbe
{
    private const string ManagersPath = "/sys/class/fpga_manager";

    // Manager names as the drivers register them (drivers/fpga/zynqmp-fpga.c, versal-fpga.c, zynq-fpga.c, socfpga*.c).
    private static readonly (string NameStart, string Vendor)[] Vendors =
    [
        ("Xilinx", "AMD Xilinx"),
        ("Altera", "Intel (Altera)"),
        ("Stratix10", "Intel (Altera)"),
    ];

    /// <summary>Creates the probe.</summary>
    public FpgaManagerProbe(ProbeOptions options)
        : base(options)
    {
    }

    /// <inheritdoc />
    public override string Name => "fpga_manager";

    /// <inheritdoc />
    public override IReadOnlyList<DiscoveredDevice> Probe()
    {
        var compatible = Tree.ReadStringList("/proc/device-tree/compatible");
        var devices = new List<DiscoveredDevice>();
        foreach (var path in Tree.Subdirectories(ManagersPath, "fpga*"))
        {
            var name = Tree.TryReadAttribute($"{path}/name") ?? "FPGA manager";
            var properties = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [DeviceProperties.State] = Tree.TryReadAttribute($"{path}/state") ?? "unknown",
            };
            if (compatible.Count > 0)
            {
                properties[DeviceProperties.Compatible] = string.Join(',', compatible);
            }

            var vendor = Vendors.FirstOrDefault(v => name.StartsWith(v.NameStart, StringComparison.OrdinalIgnoreCase)).Vendor ?? "unknown";
            devices.Add(new DiscoveredDevice($"fpga_manager:{Path.GetFileName(path)}", DeviceCategory.Fpga, vendor, name, path, properties));
        }

        return devices;
    }
}
