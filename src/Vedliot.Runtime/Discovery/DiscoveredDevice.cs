namespace Vedliot.Runtime.Discovery;

/// <summary>One device a local probe found, with where it found it.</summary>
/// <param name="Id">Stable id on this machine, e.g. <c>pci:0000:01:00.0</c> or <c>cpu:0</c>.</param>
/// <param name="Category">What kind of device it is.</param>
/// <param name="Vendor">Maker, or the raw vendor id when unknown.</param>
/// <param name="Product">Product name, or the raw device id when unknown.</param>
/// <param name="Source">The file or folder that revealed it, e.g. <c>/sys/bus/pci/devices/0000:01:00.0</c>.</param>
/// <param name="Properties">Further facts read (cores, frequency, ISA features, ids, driver), by name.</param>
public sealed record DiscoveredDevice(
    string Id,
    DeviceCategory Category,
    string Vendor,
    string Product,
    string Source,
    IReadOnlyDictionary<string, string> Properties);
