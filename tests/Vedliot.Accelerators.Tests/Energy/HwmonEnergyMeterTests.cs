using Microsoft.Extensions.Time.Testing;
using Vedliot.Accelerators.Energy;
using Vedliot.Accelerators.Probes;
using Vedliot.Runtime.Energy;
using Vedliot.Testing;

namespace Vedliot.Accelerators.Tests.Energy;

public sealed class HwmonEnergyMeterTests : IDisposable
{
    private const string Hwmon = "/sys/class/hwmon/hwmon2";
    private readonly TempDirectory _root = new();
    private readonly FakeTimeProvider _time = new();

    public HwmonEnergyMeterTests() => Directory.CreateDirectory(SensorFile(string.Empty));

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Power_channel_is_integrated_over_the_time_between_readings()
    {
        var meter = Meter("power1");
        Write("power1_input", 2_000_000);
        Assert.Equal(0, Read(meter).EnergyJoules);

        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(20.0, Read(meter).EnergyJoules, 9);

        Write("power1_input", 4_000_000);
        _time.Advance(TimeSpan.FromSeconds(2));
        var reading = Read(meter);

        Assert.Equal(26.0, reading.EnergyJoules, 9); // trapezoid: (2 W + 4 W) / 2 × 2 s added
        Assert.Equal(("hwmon:/sys/class/hwmon/hwmon2/power1", EnergySourceKind.Measured), (reading.Source, reading.Kind));
    }

    [Fact]
    public void Energy_channel_is_read_in_microjoules()
    {
        var meter = Meter("energy1");
        Write("energy1_input", 5_000_000);
        var before = Read(meter);
        Write("energy1_input", 12_500_000);

        Assert.Equal(7.5, Read(meter).EnergyJoules - before.EnergyJoules, 9);
    }

    [Fact]
    public void Energy_counter_that_goes_back_is_reported_and_counting_restarts()
    {
        var meter = Meter("energy1");
        Write("energy1_input", 5_000_000);
        var before = Read(meter);
        Write("energy1_input", 1_000_000);

        Assert.False(meter.TryRead(out _, out var failure));
        Assert.Contains("went back", failure, StringComparison.Ordinal);

        Write("energy1_input", 3_000_000);
        Assert.Equal(2.0, Read(meter).EnergyJoules - before.EnergyJoules, 9);
    }

    [Fact]
    public void Ina3221_rail_power_is_voltage_times_current()
    {
        var meter = Meter("in1");
        Write("in1_input", 5064);
        Write("curr1_input", 1232);
        Read(meter);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(5.064 * 1.232, Read(meter).EnergyJoules, 9);
    }

    [Fact]
    public void Missing_current_file_fails_naming_it()
    {
        var meter = Meter("in1");
        Write("in1_input", 5064);

        Assert.False(meter.TryRead(out _, out var failure));

        Assert.Equal($"{SensorFile("curr1_input")} is missing", failure);
    }

    [Fact]
    public void Garbled_power_file_fails_naming_it()
    {
        var meter = Meter("power1");
        File.WriteAllText(SensorFile("power1_input"), "N/A\n");

        Assert.False(meter.TryRead(out _, out var failure));

        Assert.Contains(SensorFile("power1_input"), failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Channels_that_measure_neither_power_nor_energy_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Meter("temp1"));
    }

    private HwmonEnergyMeter Meter(string channel) => new(Hwmon, channel, new ProbeOptions { Root = _root.Path }, _time);

    private static EnergyReading Read(HwmonEnergyMeter meter)
    {
        Assert.True(meter.TryRead(out var reading, out var failure), failure);
        return reading;
    }

    private void Write(string file, long value) => File.WriteAllText(SensorFile(file), $"{value}\n");

    private string SensorFile(string name) => Path.Join(_root.Path, Hwmon, name);
}
