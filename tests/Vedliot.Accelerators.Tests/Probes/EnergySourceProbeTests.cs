using Vedliot.Accelerators.Probes;
using Vedliot.Runtime.Discovery;
using Vedliot.Testing;

namespace Vedliot.Accelerators.Tests.Probes;

public sealed class EnergySourceProbeTests
{
    private static IReadOnlyList<DiscoveredDevice> Probe(string fixture) =>
        new EnergySourceProbe(new ProbeOptions { Root = RepositoryPaths.HardwareFixture(fixture) }).Probe();

    [Fact]
    public void Rapl_zones_and_subzones_are_found_and_temperature_sensors_are_not()
    {
        var sources = Probe("x86-server-t4");

        Assert.Equal([("rapl:intel-rapl:0", "package-0"), ("rapl:intel-rapl:0:0", "dram")], sources.Select(s => (s.Id, s.Product)));
        Assert.All(sources, s => Assert.Equal((DeviceCategory.EnergySource, "rapl"), (s.Category, s.Properties[DeviceProperties.Meter])));
        Assert.Equal("/sys/class/powercap/intel-rapl:0:0", sources[1].Properties[DeviceProperties.MeterPath]);
    }

    [Fact]
    public void Jetson_ina3221_rails_are_voltage_current_channels_named_by_label()
    {
        var rails = Probe("jetson-xavier-nx");

        Assert.Equal(["VDD_IN", "VDD_CPU_GPU_CV", "VDD_SOC"], rails.Select(r => r.Product));
        Assert.All(rails, r => Assert.Equal(("ina3221", "/sys/class/hwmon/hwmon1"), (r.Vendor, r.Properties[DeviceProperties.MeterPath])));
        Assert.Equal(["in1", "in2", "in3"], rails.Select(r => r.Properties[DeviceProperties.Channel]));
    }

    [Fact]
    public void Ina226_power_channel_is_used_instead_of_its_voltage_and_current()
    {
        var rail = Assert.Single(Probe("zynqmp-zcu102"));

        Assert.Equal(("hwmon:hwmon2:power1", "ina226", "power1"), (rail.Id, rail.Vendor, rail.Product));
    }
}
