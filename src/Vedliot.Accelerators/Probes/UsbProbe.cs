using System.Globalization;
using Vedliot.Runtime.Discovery;

namespace Vedliot.Accelerators.Probes;

/// <summary>
/// Finds USB accelerators from <c>/sys/bus/usb/devices/*/{idVendor,idProduct,manufacturer,product}</c>
/// (Documentation/ABI/stable/sysfs-bus-usb), classified by <see cref="UsbIds"/>. USB has no accelerator
/// class, so devices the table does not know (keyboards, hubs) are not accelerators and are left out.
/// </summary>
public sealed class UsbProbe : SysfsProbe
{
    private const string DevicesPath = "/sys/bus/usb/devices";

    /// <summary>Creates the probe.</summary>
    public UsbProbe(ProbeOptions options)
        : base(options)
    {
    }

    /// <inheritdoc />
    public override string Name => "usb";

    /// <inheritdoc />
    public override IReadOnlyList<DiscoveredDevice> Probe()
    {
        var devices = new List<DiscoveredDevice>();
        foreach (var path in Tree.Subdirectories(DevicesPath, "*"))
        {
            var vendor = Tree.TryReadHex($"{path}/idVendor");
            var product = Tree.TryReadHex($"{path}/idProduct");
            if (vendor is null || product is null || UsbIds.Find(vendor.Value, product.Value) is not { } known)
            {
                continue;
            }

            var properties = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [DeviceProperties.VendorId] = vendor.Value.ToString("x4", CultureInfo.InvariantCulture),
                [DeviceProperties.DeviceId] = product.Value.ToString("x4", CultureInfo.InvariantCulture),
                [DeviceProperties.Firmware] = known.FirmwareLoaded ? "loaded" : "not-loaded",
            };
            foreach (var (attribute, property) in new[] { ("manufacturer", DeviceProperties.Manufacturer), ("product", DeviceProperties.ProductString) })
            {
                if (Tree.TryReadAttribute($"{path}/{attribute}") is { Length: > 0 } text)
                {
                    properties[property] = text;
                }
            }

            devices.Add(new DiscoveredDevice($"usb:{Path.GetFileName(path)}", known.Device.Category, known.Device.Vendor, known.Device.Product, path, properties));
        }

        return devices;
    }
}
