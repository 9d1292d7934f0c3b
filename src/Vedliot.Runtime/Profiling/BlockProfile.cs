using Vedliot.Runtime.Execution;

namespace Vedliot.Runtime.Profiling;

/// <summary>What one block (the operations between two candidate cuts) costs on one module.</summary>
/// <param name="Block">The block's index in the chain.</param>
/// <param name="ModuleId">The module it ran on.</param>
/// <param name="Supported">False when the module does not run one of its operators; then only <paramref name="Reason"/> is meaningful.</param>
/// <param name="Reason">Why the block cannot run there, when it cannot.</param>
/// <param name="LatencyP50Ms">Median latency.</param>
/// <param name="LatencyP95Ms">95th percentile latency.</param>
/// <param name="LatencyP99Ms">99th percentile latency.</param>
/// <param name="LatencySource">Measured on hardware or modelled.</param>
/// <param name="EnergyJoules">Median energy per inference.</param>
/// <param name="EnergySource">Measured or modelled.</param>
/// <param name="MemoryBytes">Estimated memory: the block's weights plus its input and output tensors.</param>
/// <param name="Runs">Measured runs after the warm-up.</param>
/// <param name="UnsupportedOperators">The operators the module does not run, when that is why the block is unsupported.</param>
public sealed record BlockProfile(
    int Block,
    string ModuleId,
    bool Supported,
    string? Reason,
    double LatencyP50Ms,
    double LatencyP95Ms,
    double LatencyP99Ms,
    FigureSource LatencySource,
    double EnergyJoules,
    FigureSource EnergySource,
    long MemoryBytes,
    int Runs,
    IReadOnlyList<string> UnsupportedOperators)
{
    /// <summary>Inferences per second the block sustains alone on the module (from the median).</summary>
    public double ThroughputPerSecond => LatencyP50Ms > 0 ? 1000.0 / LatencyP50Ms : 0;

    /// <summary>A block the module cannot run, with the operators it lacks when those are the reason.</summary>
    public static BlockProfile Unsupported(int block, string moduleId, string reason, IReadOnlyList<string> operators) =>
        new(block, moduleId, false, reason, 0, 0, 0, FigureSource.Modelled, 0, FigureSource.Modelled, 0, 0, operators);
}
