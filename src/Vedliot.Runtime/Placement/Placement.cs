namespace Vedliot.Runtime.Placement;

/// <summary>Which module runs which stage, with the predicted figures of the whole pipeline.</summary>
/// <param name="Objective">What the placement was chosen for.</param>
/// <param name="Stages">The stages in model order.</param>
/// <param name="LatencyMs">End-to-end latency of one inference: every stage plus every transfer between stages.</param>
/// <param name="BottleneckMs">The slowest stage or transfer, which bounds the pipeline's rate.</param>
/// <param name="EnergyJoules">Energy of one inference, summed over the stages.</param>
public sealed record Placement(PlacementObjective Objective, IReadOnlyList<PlacementStage> Stages, double LatencyMs, double BottleneckMs, double EnergyJoules)
{
    /// <summary>
    /// True when the search had to leave out a class of modules to stay within reach (more over-used classes
    /// than it can count): the placement meets every constraint but may not be optimal.
    /// </summary>
    public bool IsHeuristic { get; init; }

    /// <summary>Inferences per second when the stages run as a pipeline: 1 / <see cref="BottleneckMs"/>.</summary>
    public double ThroughputPerSecond => 1000.0 / BottleneckMs;

    /// <summary>Energy-delay product: <see cref="LatencyMs"/> in seconds times <see cref="EnergyJoules"/>.</summary>
    public double EnergyDelayProductJouleSeconds => LatencyMs / 1000.0 * EnergyJoules;

    /// <summary>
    /// The figure <see cref="Objective"/> optimizes: latency in ms, energy in J, EDP in J·s (lower is
    /// better) or throughput in inferences per second (higher is better).
    /// </summary>
    public double ObjectiveValue => ValueFor(Objective);

    /// <summary>The figure that <paramref name="objective"/> optimizes, for this placement.</summary>
    public double ValueFor(PlacementObjective objective) => objective switch
    {
        PlacementObjective.Latency => LatencyMs,
        PlacementObjective.Energy => EnergyJoules,
        PlacementObjective.EnergyDelayProduct => EnergyDelayProductJouleSeconds,
        PlacementObjective.Throughput => ThroughputPerSecond,
        _ => throw new ArgumentOutOfRangeException(nameof(objective), objective, "unknown objective"),
    };
}
