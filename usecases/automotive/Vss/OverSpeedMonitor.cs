namespace Vedliot.UseCases.Automotive.Vss;

/// <summary>Compares <c>Vehicle.Speed</c> with the last <c>SpeedLimit</c> read; says when the state changes, so the warning is published once per change.</summary>
public sealed class OverSpeedMonitor
{
    private readonly Lock _gate = new();

    /// <summary>The last limit read, km/h.</summary>
    public int? LimitKmh { get; private set; }

    /// <summary>The last speed received, km/h.</summary>
    public double? SpeedKmh { get; private set; }

    /// <summary>The current state.</summary>
    public OverSpeedState State { get; private set; }

    /// <summary>A limit was read.</summary>
    /// <param name="limitKmh">The limit.</param>
    /// <returns>The new state when it changed, else null.</returns>
    public OverSpeedState? OnLimit(int limitKmh)
    {
        lock (_gate)
        {
            LimitKmh = limitKmh;
            return Update();
        }
    }

    /// <summary>A speed was received.</summary>
    /// <param name="speedKmh">The speed; negative (reversing) counts by its magnitude.</param>
    /// <returns>The new state when it changed, else null.</returns>
    public OverSpeedState? OnSpeed(double speedKmh)
    {
        lock (_gate)
        {
            SpeedKmh = speedKmh;
            return Update();
        }
    }

    private OverSpeedState? Update()
    {
        var state = (LimitKmh, SpeedKmh) switch
        {
            ({ } limit, { } speed) => Math.Abs(speed) > limit ? OverSpeedState.OverSpeed : OverSpeedState.WithinLimit,
            _ => OverSpeedState.Unknown,
        };
        if (state == State)
        {
            return null;
        }

        State = state;
        return state;
    }
}
