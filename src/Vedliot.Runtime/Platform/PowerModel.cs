namespace Vedliot.Runtime.Platform;

/// <summary>A module's power draw: idle, and while computing at full load.</summary>
/// <param name="IdleWatts">Draw when the module is powered but not computing.</param>
/// <param name="ActiveWatts">Draw while computing at full load.</param>
public sealed record PowerModel(double IdleWatts, double ActiveWatts)
{
    /// <summary>Energy for <paramref name="busySeconds"/> of computation, in joules.</summary>
    public double ActiveEnergyJoules(double busySeconds) => ActiveWatts * busySeconds;
}
