namespace Vedliot.Runtime.Energy;

/// <summary>
/// A source of cumulative energy readings. The energy of an interval is the difference of two readings;
/// meters whose hardware counters wrap around account for it.
/// </summary>
public interface IEnergyMeter
{
    /// <summary>Names the meter and what it measures, e.g. <c>rapl:package-0</c>.</summary>
    string Source { get; }

    /// <summary>Measured or modelled.</summary>
    EnergySourceKind Kind { get; }

    /// <summary>Reads the meter.</summary>
    /// <returns>False, with a reason, when the meter cannot be read now (file missing or unreadable).</returns>
    bool TryRead(out EnergyReading reading, out string? failure);
}
