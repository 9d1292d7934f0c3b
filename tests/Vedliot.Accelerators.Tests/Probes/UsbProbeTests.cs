using Vedliot.Accelerators.Probes;
using Vedliot.Runtime.Discovery;
using Vedliot.Testing;

namespace Vedliot.Accelerators.Tests.Probes;

public sealed class UsbProbeTests
{
    private static IReadOnlyList<DiscoveredDevice> Probe(string fixture) =>
        new UsbProbe(new ProbeOptions { Root = RepositoryPaths.HardwareFixture(fixture) }).Probe();

    [Theory]
    [InlineData("coral-usb-before-firmware", "1a6e", "089a", "not-loaded")]
    [InlineData("coral-usb-after-firmware", "18d1", "9302", "loaded")]
    public void Coral_usb_accelerator_is_found_before_and_after_its_firmware_loads(string fixture, string vendorId, string productId, string firmware)
    {
        var coral = Assert.Single(Probe(fixture));

        Assert.Equal(("usb:2-1", DeviceCategory.Asic, "Coral USB Accelerator"), (coral.Id, coral.Category, coral.Product));
        Assert.Equal((vendorId, productId, firmware), (coral.Properties[DeviceProperties.VendorId], coral.Properties[DeviceProperties.DeviceId], coral.Properties[DeviceProperties.Firmware]));
    }

    [Fact]
    public void Neural_compute_stick_2_is_found_with_its_strings()
    {
        var stick = Assert.Single(Probe("pc-hailo-coral"));

        Assert.Equal(("usb:3-2", "Neural Compute Stick 2 (Myriad X)"), (stick.Id, stick.Product));
        Assert.Equal("Movidius MyriadX", stick.Properties[DeviceProperties.ProductString]);
    }

    [Fact]
    public void Hubs_and_other_usb_devices_are_not_accelerators()
    {
        Assert.Empty(Probe("x86-server-t4"));
    }
}
