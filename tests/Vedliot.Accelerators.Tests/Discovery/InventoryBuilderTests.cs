using Vedliot.Accelerators.Discovery;
using Vedliot.Accelerators.Probes;
using Vedliot.Runtime.Platform;
using Vedliot.Runtime.Platform.Descriptors;
using Vedliot.Testing;

namespace Vedliot.Accelerators.Tests.Discovery;

public class InventoryBuilderTests
{
    private static Inventory Build(string fixture, string descriptor)
    {
        var devices = HardwareDiscovery.ForLinux(new ProbeOptions { Root = RepositoryPaths.HardwareFixture(fixture) }).Run().Devices;
        return InventoryBuilder.Build(devices, PlatformDescriptor.Load(Path.Combine(RepositoryPaths.Root, "platforms", descriptor)));
    }

    [Fact]
    public void Descriptor_modules_whose_devices_the_probes_find_are_present_and_the_rest_emulated()
    {
        var inventory = Build("pc-hailo-coral", "recs-box.yaml");

        var presence = inventory.Modules.ToDictionary(m => m.Id, m => m.Presence);
        Assert.Equal(Presence.Present, presence["hailo-8"]);
        Assert.Equal(Presence.Present, presence["coral-tpu"]);
        Assert.Equal(Presence.Emulated, presence["jetson-agx"]);
        Assert.Equal(Presence.Emulated, presence["zynq-dpu"]);
        Assert.Equal(Presence.Emulated, presence["xeon-d"]);
    }

    [Fact]
    public void A_jetson_is_recognised_by_its_device_tree()
    {
        var inventory = Build("jetson-xavier-nx", "urecs-edge.yaml");

        Assert.True(inventory.TryGetModule("jetson-nx", out var jetson));
        Assert.Equal(Presence.Present, jetson.Presence);
        Assert.True(inventory.TryGetModule("kria-dpu", out var kria));
        Assert.Equal(Presence.Emulated, kria.Presence);
    }

    [Fact]
    public void The_probed_cpu_becomes_a_present_module_with_peak_throughput_from_cores_frequency_and_vector_width()
    {
        var devices = HardwareDiscovery.ForLinux(new ProbeOptions { Root = RepositoryPaths.HardwareFixture("x86-server-t4") }).Run().Devices;

        var inventory = InventoryBuilder.Build(devices, null);

        var cpu = inventory.Modules.First(m => m.Kind == ModuleKind.Cpu);
        Assert.Equal(Presence.Present, cpu.Presence);
        Assert.Equal("onnxruntime:CPU", cpu.Backend);
        var cpuDevice = devices.First(d => d.Category == Runtime.Discovery.DeviceCategory.Cpu);
        var cores = double.Parse(cpuDevice.Properties[DeviceProperties.Cores], System.Globalization.CultureInfo.InvariantCulture);
        var mhz = double.Parse(cpuDevice.Properties[DeviceProperties.MaxFrequencyMhz], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(cpu.PeakOpsPerSecondAt(Precision.Fp32) >= cores * mhz * 1e6 * 32);
        Assert.Contains(inventory.Modules, m => m.Kind == ModuleKind.Gpu && m.Backend == "onnxruntime:CUDA");
    }
}
