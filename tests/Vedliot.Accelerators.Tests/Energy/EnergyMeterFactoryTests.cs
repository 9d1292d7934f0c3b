using Microsoft.Extensions.Time.Testing;
using Vedliot.Accelerators.Energy;
using Vedliot.Accelerators.Probes;
using Vedliot.Runtime.Discovery;
using Vedliot.Testing;

namespace Vedliot.Accelerators.Tests.Energy;

public sealed class EnergyMeterFactoryTests
{
    [Theory]
    [InlineData("x86-server-t4", "rapl:/sys/class/powercap/intel-rapl:0", 84_512.330118)]
    [InlineData("jetson-xavier-nx", "hwmon:/sys/class/hwmon/hwmon1/in1", 0)]
    [InlineData("zynqmp-zcu102", "hwmon:/sys/class/hwmon/hwmon2/power1", 0)]
    public void Every_probed_energy_source_gets_a_meter_that_reads_it(string fixture, string firstSource, double firstJoules)
    {
        var options = new ProbeOptions { Root = RepositoryPaths.HardwareFixture(fixture) };
        var time = new FakeTimeProvider();

        var meters = new EnergySourceProbe(options).Probe().Select(s => EnergyMeterFactory.Create(s, options, time)).ToList();

        Assert.Equal(firstSource, meters[0].Source);
        Assert.All(meters, m => Assert.True(m.TryRead(out _, out var failure), failure));
        Assert.True(meters[0].TryRead(out var reading, out _));
        Assert.Equal(firstJoules, reading.EnergyJoules, 6);
    }

    [Fact]
    public void Devices_that_are_no_energy_source_get_no_meter()
    {
        var cpu = new DiscoveredDevice("cpu:0", DeviceCategory.Cpu, "Intel", "Xeon", "/proc/cpuinfo", new Dictionary<string, string>());

        Assert.Throws<ArgumentException>(() => EnergyMeterFactory.Create(cpu, new ProbeOptions(), TimeProvider.System));
    }
}
