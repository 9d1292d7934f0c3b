using Vedliot.Accelerators.Probes;
using Vedliot.Runtime.Discovery;
using Vedliot.Runtime.Platform;

namespace Vedliot.Accelerators.Discovery;

/// <summary>
/// Joins the local modules and a platform descriptor's modules into one inventory. A descriptor module
/// whose identity (PCI id, USB id or device-tree compatible string) a local probe found is present;
/// the others are emulated.
/// </summary>
public static class InventoryBuilder
{
    private static readonly string[] IdentityProperties = ["pci_id", "usb_id", "compatible"];

    /// <summary>Builds the inventory from local devices and, when given, a platform descriptor.</summary>
    public static Inventory Build(IReadOnlyList<DiscoveredDevice> devices, Platform? platform)
    {
        ArgumentNullException.ThrowIfNull(devices);
        var modules = LocalModules.FromDevices(devices).ToList();
        if (platform is not null)
        {
            modules.AddRange(platform.Modules.Select(m => IsFound(m, devices) ? m with { Presence = Presence.Present } : m));
        }

        return new Inventory(modules, platform?.Links ?? []);
    }

    private static bool IsFound(Module module, IReadOnlyList<DiscoveredDevice> devices)
    {
        foreach (var key in IdentityProperties)
        {
            if (!module.Properties.TryGetValue(key, out var wanted))
            {
                continue;
            }

            if (devices.Any(d => Identity(d, key) is { } found && found.Contains(wanted.Split(' ')[0], StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }

    private static string? Identity(DiscoveredDevice device, string key) => key switch
    {
        "pci_id" or "usb_id" when device.Properties.TryGetValue(DeviceProperties.VendorId, out var vendor) && device.Properties.TryGetValue(DeviceProperties.DeviceId, out var product) =>
            $"{vendor}:{product}",
        "compatible" => device.Properties.GetValueOrDefault(DeviceProperties.Compatible),
        _ => null,
    };
}
