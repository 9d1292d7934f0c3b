using Vedliot.Accelerators.Probes;
using Vedliot.Runtime.Discovery;
using Vedliot.Testing;

namespace Vedliot.Accelerators.Tests.Probes;

public sealed class HardwareDiscoveryTests
{
    [Fact]
    public void Server_inventory_lists_each_device_once_with_facts_from_every_probe()
    {
        var report = HardwareDiscovery.ForLinux(new ProbeOptions { Root = RepositoryPaths.HardwareFixture("x86-server-t4") }).Run();

        Assert.Empty(report.Diagnostics);
        Assert.Equal(report.Devices.Count, report.Devices.Select(d => d.Id).Distinct().Count());
        var t4 = Assert.Single(report.Devices, d => d.Id == "pci:0000:3b:00.0");
        Assert.Equal("Tesla T4", t4.Product);
        Assert.Equal("030200", t4.Properties[DeviceProperties.PciClass]);
        Assert.Contains(DeviceProperties.GpuUuid, t4.Properties.Keys);
        Assert.Equal(
            [DeviceCategory.Cpu, DeviceCategory.Gpu, DeviceCategory.Fpga, DeviceCategory.Fpga, DeviceCategory.EnergySource, DeviceCategory.EnergySource, DeviceCategory.Unknown],
            report.Devices.Select(d => d.Category).Order());
    }

    [Fact]
    public void Zcu102_inventory_has_cpu_fpga_manager_and_rail()
    {
        var report = HardwareDiscovery.ForLinux(new ProbeOptions { Root = RepositoryPaths.HardwareFixture("zynqmp-zcu102") }).Run();

        Assert.Equal(["cpu:0", "fpga_manager:fpga0", "hwmon:hwmon2:power1"], report.Devices.Select(d => d.Id));
    }

    [Fact]
    public void Unreadable_file_is_reported_by_path_and_the_other_probes_still_run()
    {
        using var root = new TempDirectory();
        CopyTree(RepositoryPaths.HardwareFixture("pc-hailo-coral"), root.Path);
        var hailoClass = root.File("sys/bus/pci/devices/0000:01:00.0/class");
        File.Delete(hailoClass);
        Directory.CreateDirectory(hailoClass); // a folder where a file belongs cannot be read as one, even by root

        var report = HardwareDiscovery.ForLinux(new ProbeOptions { Root = root.Path }).Run();

        var diagnostic = Assert.Single(report.Diagnostics);
        Assert.Equal("pci", diagnostic.Probe);
        Assert.Contains(hailoClass, diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains(report.Devices, d => d.Category == DeviceCategory.Cpu);
        Assert.Contains(report.Devices, d => d.Id == "usb:3-2");
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Join(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
