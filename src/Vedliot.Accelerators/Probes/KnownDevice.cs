using Vedliot.Runtime.Discovery;

namespace Vedliot.Accelerators.Probes;

/// <summary>What an id table says about a bus vendor/device id pair.</summary>
/// <param name="Category">What kind of device it is.</param>
/// <param name="Vendor">Maker.</param>
/// <param name="Product">Product name.</param>
public sealed record KnownDevice(DeviceCategory Category, string Vendor, string Product);
