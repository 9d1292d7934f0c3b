using Vedliot.Accelerators.Probes;
using Vedliot.Runtime.Discovery;
using Vedliot.Testing;

namespace Vedliot.Accelerators.Tests.Probes;

public sealed class PciProbeTests
{
    private static Dictionary<string, DiscoveredDevice> Probe(string root) =>
        new PciProbe(new ProbeOptions { Root = root }).Probe().ToDictionary(d => d.Id);

    [Fact]
    public void Hailo_coral_unknown_accelerator_and_gpu_are_found_and_storage_is_not()
    {
        var devices = Probe(RepositoryPaths.HardwareFixture("pc-hailo-coral"));

        Assert.Equal(["pci:0000:01:00.0", "pci:0000:02:00.0", "pci:0000:03:00.0", "pci:0000:0a:00.0"], devices.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((DeviceCategory.Asic, "Hailo-8 AI Processor", "hailo"), Describe(devices["pci:0000:01:00.0"]));
        Assert.Equal((DeviceCategory.Asic, "Coral Edge TPU (PCIe/M.2)", "apex"), Describe(devices["pci:0000:02:00.0"]));
        Assert.Equal(DeviceCategory.Gpu, devices["pci:0000:0a:00.0"].Category);
    }

    [Fact]
    public void Processing_accelerator_of_an_unknown_vendor_is_listed_as_unknown_with_raw_ids()
    {
        var unknown = Probe(RepositoryPaths.HardwareFixture("pc-hailo-coral"))["pci:0000:03:00.0"];

        Assert.Equal((DeviceCategory.Unknown, "0x1b00", "device 0x0100"), (unknown.Category, unknown.Vendor, unknown.Product));
        Assert.Equal("120000", unknown.Properties[DeviceProperties.PciClass]);
        Assert.Equal("/sys/bus/pci/devices/0000:03:00.0", unknown.Source);
    }

    [Fact]
    public void Server_lists_t4_alveo_functions_and_bmc_display()
    {
        var devices = Probe(RepositoryPaths.HardwareFixture("x86-server-t4"));

        Assert.Equal((DeviceCategory.Gpu, "Tesla T4", "nvidia"), Describe(devices["pci:0000:3b:00.0"]));
        Assert.Equal((DeviceCategory.Fpga, "Alveo U250 (management)", "xclmgmt"), Describe(devices["pci:0000:5e:00.0"]));
        Assert.Equal((DeviceCategory.Fpga, "Alveo U250", "xocl"), Describe(devices["pci:0000:5e:00.1"]));
        Assert.Equal(DeviceCategory.Unknown, devices["pci:0000:03:00.0"].Category);
        Assert.Equal(4, devices.Count);
    }

    [Theory]
    [InlineData(0x10de, 0x2330, 0x030200, DeviceCategory.Gpu)]
    [InlineData(0x8086, 0x0b30, 0x120000, DeviceCategory.Fpga)]
    [InlineData(0x1da3, 0x1020, 0x120000, DeviceCategory.Asic)]
    [InlineData(0x17cb, 0xa100, 0x120000, DeviceCategory.Asic)]
    [InlineData(0x1234, 0x5678, 0x0b4000, DeviceCategory.Unknown)]
    public void Id_table_and_class_codes_classify_functions(int vendor, int device, int classCode, DeviceCategory category)
    {
        Assert.Equal(category, PciIds.Classify(vendor, device, classCode)?.Category);
    }

    [Fact]
    public void Functions_outside_accelerator_classes_are_not_devices_of_interest()
    {
        Assert.Null(PciIds.Classify(0x8086, 0x1572, 0x020000));
        Assert.Null(PciIds.Classify(0x1b00, 0x0100, 0x0b4100));
    }

    [Fact]
    public void Garbled_vendor_file_is_a_typed_error_naming_it()
    {
        using var root = new TempDirectory();
        var device = root.File("sys/bus/pci/devices/0000:01:00.0");
        Directory.CreateDirectory(device);
        File.WriteAllText(Path.Combine(device, "vendor"), "0xZZZZ\n");

        var error = Assert.Throws<SysfsReadException>(() => Probe(root.Path));

        Assert.Equal(Path.Combine(device, "vendor"), error.Path);
        Assert.Contains("hexadecimal", error.Message, StringComparison.Ordinal);
    }

    private static (DeviceCategory, string, string) Describe(DiscoveredDevice device) =>
        (device.Category, device.Product, device.Properties[DeviceProperties.Driver]);
}
