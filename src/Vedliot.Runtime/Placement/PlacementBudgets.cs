namespace Vedliot.Runtime.Placement;

/// <summary>Upper bounds a placement's predicted figures must meet.</summary>
/// <param name="LatencyMs">Most end-to-end latency per inference; null for no bound.</param>
/// <param name="EnergyJoules">Most energy per inference; null for no bound.</param>
public sealed record PlacementBudgets(double? LatencyMs, double? EnergyJoules)
{
    /// <summary>
    /// Relative margin a figure may exceed its bound by: sums of the same costs taken in another order differ in
    /// their last bits, and a placement set exactly at the budget must not fall out of it for that.
    /// </summary>
    public const double RelativeSlack = 1e-9;

    /// <summary>No bound at all.</summary>
    public static PlacementBudgets None { get; } = new(null, null);

    /// <summary>The latency bound with its slack; infinite without a bound.</summary>
    internal double LatencyBoundMs => Bound(LatencyMs);

    /// <summary>The energy bound with its slack; infinite without a bound.</summary>
    internal double EnergyBoundJoules => Bound(EnergyJoules);

    /// <summary>True when <paramref name="placement"/> meets both bounds.</summary>
    public bool AreMetBy(Placement placement)
    {
        ArgumentNullException.ThrowIfNull(placement);
        return Allow(placement.LatencyMs, placement.EnergyJoules);
    }

    /// <summary>True when a placement predicting <paramref name="latencyMs"/> and <paramref name="energyJoules"/> meets both bounds.</summary>
    public bool Allow(double latencyMs, double energyJoules) => latencyMs <= LatencyBoundMs && energyJoules <= EnergyBoundJoules;

    private static double Bound(double? budget) => budget is { } b ? b + (Math.Abs(b) * RelativeSlack) : double.PositiveInfinity;
}
