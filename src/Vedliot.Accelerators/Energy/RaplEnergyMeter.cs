using Vedliot.Accelerators.Probes;
using Vedliot.Runtime.Energy;

namespace Vedliot.Accelerators.Energy;

/// <summary>
/// Reads a RAPL zone's energy counter (<c>energy_uj</c>, microjoules; Documentation/power/powercap/powercap.rst).
/// The counter wraps to zero after <c>max_energy_range_uj</c>; the meter unrolls the wraps, so it must be read
/// at least once per wrap period (minutes at server package power). Readings count from the counter's zero.
/// </summary>
public sealed class RaplEnergyMeter : IEnergyMeter
{
    private const double JoulesPerMicrojoule = 1e-6;
    private readonly SysfsTree _tree;
    private readonly string _zone;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private long? _lastRaw;
    private long _unrolledMicrojoules;

    /// <summary>Creates a meter of the zone at <paramref name="zonePath"/>, e.g. <c>/sys/class/powercap/intel-rapl:0</c>.</summary>
    public RaplEnergyMeter(string zonePath, ProbeOptions options, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(zonePath);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        _tree = new SysfsTree(options.Root);
        _zone = zonePath.TrimEnd('/');
        _time = time;
    }

    /// <inheritdoc />
    public string Source => $"rapl:{_zone}";

    /// <inheritdoc />
    public EnergySourceKind Kind => EnergySourceKind.Measured;

    /// <inheritdoc />
    public bool TryRead(out EnergyReading reading, out string? failure)
    {
        reading = null!;
        if (!SysfsCounter.TryRead(_tree, $"{_zone}/energy_uj", out var raw, out failure)
            || !SysfsCounter.TryRead(_tree, $"{_zone}/max_energy_range_uj", out var range, out failure))
        {
            return false;
        }

        if (raw < 0 || range <= 0 || raw > range)
        {
            failure = $"{_tree.PathOf(_zone)}: energy_uj {raw} lies outside 0..max_energy_range_uj {range}";
            return false;
        }

        lock (_gate)
        {
            _unrolledMicrojoules += _lastRaw switch
            {
                null => raw,
                { } last when raw >= last => raw - last,
                { } last => range - last + raw,
            };
            _lastRaw = raw;
            reading = new EnergyReading(_unrolledMicrojoules * JoulesPerMicrojoule, _time.GetTimestamp(), Source, Kind);
        }

        return true;
    }
}
