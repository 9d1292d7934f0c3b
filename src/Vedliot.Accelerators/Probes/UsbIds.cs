using Vedliot.Runtime.Discovery;

namespace Vedliot.Accelerators.Probes;

/// <summary>USB vendor and product ids of inference accelerators.</summary>
public static class UsbIds
{
    // Sources: Coral USB Accelerator udev rules shipped with libedgetpu (99-edgetpu-accelerator.rules): 1a6e:089a
    // until the runtime loads its firmware, then 18d1:9302; Intel OpenVINO 97-myriad-usbboot.rules and the
    // Neural Compute Stick guides: 03e7:2150 (NCS, Myriad 2), 03e7:2485 (NCS2, Myriad X), 03e7:f63b (booted).
    private static readonly Dictionary<(int Vendor, int Product), (KnownDevice Device, bool FirmwareLoaded)> Products = new()
    {
        [(0x1a6e, 0x089a)] = (new(DeviceCategory.Asic, "Google", "Coral USB Accelerator"), false),
        [(0x18d1, 0x9302)] = (new(DeviceCategory.Asic, "Google", "Coral USB Accelerator"), true),
        [(0x03e7, 0x2150)] = (new(DeviceCategory.Asic, "Intel Movidius", "Neural Compute Stick (Myriad 2)"), false),
        [(0x03e7, 0x2485)] = (new(DeviceCategory.Asic, "Intel Movidius", "Neural Compute Stick 2 (Myriad X)"), false),
        [(0x03e7, 0xf63b)] = (new(DeviceCategory.Asic, "Intel Movidius", "Myriad VPU (firmware booted)"), true),
    };

    /// <summary>The accelerator with these ids and whether it runs its firmware, or null when the ids name no accelerator.</summary>
    public static (KnownDevice Device, bool FirmwareLoaded)? Find(int vendor, int product) =>
        Products.TryGetValue((vendor, product), out var found) ? found : null;
}
