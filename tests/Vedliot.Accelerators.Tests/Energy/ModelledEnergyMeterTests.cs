using Microsoft.Extensions.Time.Testing;
using Vedliot.Accelerators.Energy;
using Vedliot.Runtime.Energy;
using Vedliot.Runtime.Platform;

namespace Vedliot.Accelerators.Tests.Energy;

public sealed class ModelledEnergyMeterTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Idle_module_draws_idle_power()
    {
        var meter = new ModelledEnergyMeter("zcu102-dpu", new PowerModel(IdleWatts: 3, ActiveWatts: 10), _time);
        _time.Advance(TimeSpan.FromSeconds(4));

        Assert.True(meter.TryRead(out var reading, out _));

        Assert.Equal(12.0, reading.EnergyJoules, 9);
        Assert.Equal(("modelled:zcu102-dpu", EnergySourceKind.Modelled), (reading.Source, reading.Kind));
    }

    [Fact]
    public void Busy_time_draws_active_power_and_the_rest_idle_power()
    {
        var meter = new ModelledEnergyMeter("hailo-8", new PowerModel(IdleWatts: 1, ActiveWatts: 2.5), _time);
        _time.Advance(TimeSpan.FromSeconds(10));
        meter.RecordBusy(TimeSpan.FromSeconds(4));

        Assert.True(meter.TryRead(out var reading, out _));

        Assert.Equal((2.5 * 4) + (1 * 6), reading.EnergyJoules, 9);
    }

    [Fact]
    public void Doubling_the_busy_time_doubles_the_active_energy()
    {
        var power = new PowerModel(IdleWatts: 0, ActiveWatts: 7);
        var once = new ModelledEnergyMeter("a", power, _time);
        var twice = new ModelledEnergyMeter("b", power, _time);
        once.RecordBusy(TimeSpan.FromMilliseconds(30));
        twice.RecordBusy(TimeSpan.FromMilliseconds(30));
        twice.RecordBusy(TimeSpan.FromMilliseconds(30));

        Assert.True(once.TryRead(out var single, out _));
        Assert.True(twice.TryRead(out var doubled, out _));

        Assert.Equal(2 * single.EnergyJoules, doubled.EnergyJoules, 9);
    }

    [Fact]
    public void Negative_busy_time_is_refused()
    {
        var meter = new ModelledEnergyMeter("a", new PowerModel(1, 2), _time);

        Assert.Throws<ArgumentOutOfRangeException>(() => meter.RecordBusy(TimeSpan.FromSeconds(-1)));
    }
}
