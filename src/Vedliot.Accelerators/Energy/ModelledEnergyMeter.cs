using Vedliot.Runtime.Energy;
using Vedliot.Runtime.Platform;

namespace Vedliot.Accelerators.Energy;

/// <summary>
/// Estimates the energy of a module that is not measured (an emulated one): active power for the busy time its
/// user reports, idle power for the rest of the time since the meter was created. Labelled
/// <see cref="EnergySourceKind.Modelled"/>.
/// </summary>
public sealed class ModelledEnergyMeter : IEnergyMeter
{
    private readonly PowerModel _power;
    private readonly TimeProvider _time;
    private readonly long _origin;
    private readonly Lock _gate = new();
    private TimeSpan _busy;

    /// <summary>Creates a meter for <paramref name="moduleId"/> using its power model; time starts now.</summary>
    public ModelledEnergyMeter(string moduleId, PowerModel power, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(moduleId);
        ArgumentNullException.ThrowIfNull(power);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfNegative(power.IdleWatts);
        ArgumentOutOfRangeException.ThrowIfNegative(power.ActiveWatts);
        Source = $"modelled:{moduleId}";
        _power = power;
        _time = time;
        _origin = time.GetTimestamp();
    }

    /// <inheritdoc />
    public string Source { get; }

    /// <inheritdoc />
    public EnergySourceKind Kind => EnergySourceKind.Modelled;

    /// <summary>Adds <paramref name="busy"/> of computation at full load.</summary>
    public void RecordBusy(TimeSpan busy)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(busy, TimeSpan.Zero);
        lock (_gate)
        {
            _busy += busy;
        }
    }

    /// <inheritdoc />
    /// <remarks>Always succeeds. Busy time beyond the elapsed time (overlapping calls) leaves no idle time.</remarks>
    public bool TryRead(out EnergyReading reading, out string? failure)
    {
        var now = _time.GetTimestamp();
        double busySeconds;
        lock (_gate)
        {
            busySeconds = _busy.TotalSeconds;
        }

        var idleSeconds = Math.Max(0, _time.GetElapsedTime(_origin, now).TotalSeconds - busySeconds);
        reading = new EnergyReading(_power.ActiveEnergyJoules(busySeconds) + (_power.IdleWatts * idleSeconds), now, Source, Kind);
        failure = null;
        return true;
    }
}
