using Vedliot.Accelerators.Probes;
using Vedliot.Runtime.Discovery;
using Vedliot.Testing;

namespace Vedliot.Accelerators.Tests.Probes;

public sealed class GpuProbeTests
{
    private static IReadOnlyList<DiscoveredDevice> Probe(string fixture) =>
        new GpuProbe(new ProbeOptions { Root = RepositoryPaths.HardwareFixture(fixture) }).Probe();

    [Fact]
    public void Nvidia_gpu_is_named_by_its_driver_and_keyed_by_pci_address()
    {
        var t4 = Assert.Single(Probe("x86-server-t4"), d => d.Category == DeviceCategory.Gpu);

        Assert.Equal(("pci:0000:3b:00.0", "NVIDIA", "Tesla T4"), (t4.Id, t4.Vendor, t4.Product));
        Assert.Equal("GPU-8a5f5e3c-2b1d-4c6e-9f0a-3d2e1b4c5a69", t4.Properties[DeviceProperties.GpuUuid]);
        Assert.Equal("1eb8", t4.Properties[DeviceProperties.DeviceId]);
        Assert.Equal("nvidia", t4.Properties[DeviceProperties.Driver]);
    }

    [Fact]
    public void Bmc_display_card_is_listed_as_unknown_and_connectors_are_not_cards()
    {
        var devices = Probe("x86-server-t4");

        var bmc = Assert.Single(devices, d => d.Category == DeviceCategory.Unknown);
        Assert.Equal(("pci:0000:03:00.0", "ASPEED"), (bmc.Id, bmc.Vendor));
        Assert.Equal(2, devices.Count);
    }

    [Fact]
    public void Jetson_xavier_nx_gpu_comes_from_the_device_tree()
    {
        var gpu = Assert.Single(Probe("jetson-xavier-nx"));

        Assert.Equal(("soc:tegra194:gpu", DeviceCategory.Gpu), (gpu.Id, gpu.Category));
        Assert.Equal("Jetson Xavier NX (Xavier integrated Volta GPU)", gpu.Product);
        Assert.Equal("tegra194", gpu.Properties[DeviceProperties.Soc]);
        Assert.Equal("NVIDIA Jetson Xavier NX Developer Kit", gpu.Properties[DeviceProperties.Board]);
    }

    [Theory]
    [InlineData(new[] { "nvidia,p2972-0000", "nvidia,p2888-0001", "nvidia,tegra194" }, "Jetson AGX Xavier (Xavier integrated Volta GPU)", "tegra194")]
    [InlineData(new[] { "nvidia,p3737-0000+p3701-0005", "nvidia,p3701-0005", "nvidia,tegra234" }, "Jetson AGX Orin (Orin integrated Ampere GPU)", "tegra234")]
    [InlineData(new[] { "nvidia,tegra234" }, "Orin integrated Ampere GPU", "tegra234")]
    public void Jetson_modules_are_recognised_by_compatible_strings(string[] compatible, string product, string soc)
    {
        var jetson = JetsonModules.FromCompatible(compatible);

        Assert.NotNull(jetson);
        Assert.Equal((product, soc), (jetson.Value.Gpu.Product, jetson.Value.Soc));
    }

    [Fact]
    public void A_board_that_is_no_jetson_has_no_soc_gpu()
    {
        Assert.Null(JetsonModules.FromCompatible(["xlnx,zynqmp-zcu102", "xlnx,zynqmp"]));
        Assert.Empty(Probe("zynqmp-zcu102"));
    }
}
