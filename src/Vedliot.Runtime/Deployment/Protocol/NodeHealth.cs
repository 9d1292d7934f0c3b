using Vedliot.Runtime.Execution;

namespace Vedliot.Runtime.Deployment.Protocol;

/// <summary>A node's periodic report: how each of its stages runs.</summary>
/// <param name="NodeId">The node.</param>
/// <param name="Time">When the report was made.</param>
/// <param name="Stages">One entry per stage held.</param>
public sealed record NodeHealth(string NodeId, DateTimeOffset Time, IReadOnlyList<StageMetrics> Stages);

/// <summary>Counters and figures of one stage on a node since it was loaded.</summary>
/// <param name="Key">The stage key.</param>
/// <param name="Completed">Requests run and forwarded.</param>
/// <param name="Duplicates">Redelivered requests recognised and dropped.</param>
/// <param name="Failed">Requests that failed (bad frame, run error).</param>
/// <param name="Queued">Requests waiting.</param>
/// <param name="LatencyP50Ms">Median run time on the module.</param>
/// <param name="LatencyP95Ms">95th percentile run time.</param>
/// <param name="LatencySource">Measured, or modelled (emulated module).</param>
/// <param name="EnergyPerRunJoules">Mean energy per run.</param>
/// <param name="EnergySource">Measured, or modelled.</param>
/// <param name="EnergyMeter">What produced the energy figure.</param>
public sealed record StageMetrics(
    string Key,
    long Completed,
    long Duplicates,
    long Failed,
    int Queued,
    double LatencyP50Ms,
    double LatencyP95Ms,
    FigureSource LatencySource,
    double EnergyPerRunJoules,
    FigureSource EnergySource,
    string EnergyMeter);
