namespace Vedliot.UseCases.Automotive.Vss;

/// <summary>Whether the vehicle is faster than the last limit read: unknown until both a limit and a speed are known.</summary>
public enum OverSpeedState
{
    /// <summary>No limit or no speed yet.</summary>
    Unknown,

    /// <summary>At or below the limit.</summary>
    WithinLimit,

    /// <summary>Above the limit: the warning.</summary>
    OverSpeed,
}
