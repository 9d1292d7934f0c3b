using System.Globalization;
using Vedliot.Runtime.Discovery;

namespace Vedliot.Accelerators.Probes;

/// <summary>
/// Finds accelerators on the PCI bus from <c>/sys/bus/pci/devices/*/{vendor,device,class}</c> and the bound
/// driver (Documentation/ABI/testing/sysfs-bus-pci), classified by <see cref="PciIds"/>.
/// </summary>
public sealed class PciProbe : SysfsProbe
{
    private const string DevicesPath = "/sys/bus/pci/devices";

    /// <summary>Creates the probe.</summary>
    public PciProbe(ProbeOptions options)
        : base(options)
    {
    }

    /// <inheritdoc />
    public override string Name => "pci";

    /// <inheritdoc />
    public override IReadOnlyList<DiscoveredDevice> Probe()
    {
        var devices = new List<DiscoveredDevice>();
        foreach (var path in Tree.Subdirectories(DevicesPath, "*"))
        {
            var vendor = Tree.TryReadHex($"{path}/vendor");
            var device = Tree.TryReadHex($"{path}/device");
            var classCode = Tree.TryReadHex($"{path}/class");
            if (vendor is null || device is null || classCode is null
                || PciIds.Classify(vendor.Value, device.Value, classCode.Value) is not { } known)
            {
                continue;
            }

            var address = Path.GetFileName(path);
            var properties = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [DeviceProperties.VendorId] = vendor.Value.ToString("x4", CultureInfo.InvariantCulture),
                [DeviceProperties.DeviceId] = device.Value.ToString("x4", CultureInfo.InvariantCulture),
                [DeviceProperties.PciClass] = classCode.Value.ToString("x6", CultureInfo.InvariantCulture),
                [DeviceProperties.PciAddress] = address,
            };
            if (DriverOf(path) is { } driver)
            {
                properties[DeviceProperties.Driver] = driver;
            }

            devices.Add(new DiscoveredDevice($"pci:{address}", known.Category, known.Vendor, known.Product, path, properties));
        }

        return devices;
    }

    // sysfs names the driver by the "driver" link; uevent repeats it as DRIVER= (and fixture trees keep only that).
    private string? DriverOf(string path) =>
        Tree.LinkTargetName($"{path}/driver")
        ?? (Tree.ReadUevent($"{path}/uevent").TryGetValue("DRIVER", out var driver) ? driver : null);
}
