using Microsoft.Extensions.Time.Testing;
using Vedliot.Accelerators.Energy;
using Vedliot.Accelerators.Probes;
using Vedliot.Runtime.Energy;
using Vedliot.Testing;

namespace Vedliot.Accelerators.Tests.Energy;

public sealed class RaplEnergyMeterTests : IDisposable
{
    private const string Zone = "/sys/class/powercap/intel-rapl:0";
    private readonly TempDirectory _root = new();
    private readonly FakeTimeProvider _time = new();
    private readonly RaplEnergyMeter _meter;

    public RaplEnergyMeterTests()
    {
        Directory.CreateDirectory(ZoneFile(string.Empty));
        File.WriteAllText(ZoneFile("max_energy_range_uj"), "262143328850\n");
        _meter = new RaplEnergyMeter(Zone, new ProbeOptions { Root = _root.Path }, _time);
    }

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Reading_converts_microjoules_and_names_the_zone()
    {
        WriteCounter(84_512_330_118);

        var reading = Read();

        Assert.Equal(84_512.330118, reading.EnergyJoules, 6);
        Assert.Equal(("rapl:/sys/class/powercap/intel-rapl:0", EnergySourceKind.Measured), (reading.Source, reading.Kind));
        Assert.Equal(_time.GetTimestamp(), reading.Timestamp);
    }

    [Fact]
    public void Energy_of_an_interval_is_the_counter_difference()
    {
        WriteCounter(1_000_000);
        var before = Read();
        _time.Advance(TimeSpan.FromSeconds(1));
        WriteCounter(43_500_000);

        Assert.Equal(42.5, Read().EnergyJoules - before.EnergyJoules, 6);
    }

    [Fact]
    public void Counter_wrap_around_is_unrolled_with_the_range()
    {
        WriteCounter(262_143_000_000);
        var before = Read();
        WriteCounter(671_150);

        var after = Read();

        Assert.Equal(1.0, after.EnergyJoules - before.EnergyJoules, 6);
        WriteCounter(2_671_150);
        Assert.Equal(3.0, Read().EnergyJoules - before.EnergyJoules, 6);
    }

    [Fact]
    public void Missing_counter_fails_naming_the_file()
    {
        Assert.False(_meter.TryRead(out _, out var failure));

        Assert.Equal($"{ZoneFile("energy_uj")} is missing", failure);
    }

    [Fact]
    public void Garbled_counter_fails_naming_the_file_and_content()
    {
        File.WriteAllText(ZoneFile("energy_uj"), "12ab\n");

        Assert.False(_meter.TryRead(out _, out var failure));

        Assert.Contains(ZoneFile("energy_uj"), failure, StringComparison.Ordinal);
        Assert.Contains("'12ab'", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Unreadable_counter_fails_naming_the_file()
    {
        Directory.CreateDirectory(ZoneFile("energy_uj"));

        Assert.False(_meter.TryRead(out _, out var failure));

        Assert.StartsWith($"{ZoneFile("energy_uj")}: cannot be read", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Counter_beyond_its_range_is_refused()
    {
        WriteCounter(262_143_328_851);

        Assert.False(_meter.TryRead(out _, out var failure));

        Assert.Contains("outside", failure, StringComparison.Ordinal);
    }

    private EnergyReading Read()
    {
        Assert.True(_meter.TryRead(out var reading, out var failure), failure);
        return reading;
    }

    private void WriteCounter(long microjoules) => File.WriteAllText(ZoneFile("energy_uj"), $"{microjoules}\n");

    private string ZoneFile(string name) => Path.Join(_root.Path, Zone, name);
}
