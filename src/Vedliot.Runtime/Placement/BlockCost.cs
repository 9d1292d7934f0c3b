namespace Vedliot.Runtime.Placement;

/// <summary>What one block costs on one module.</summary>
/// <param name="LatencyMs">Time for the block's operations on the module, per inference.</param>
/// <param name="EnergyJoules">Energy for them, per inference.</param>
/// <param name="MemoryBytes">Memory the block's weights need on the module.</param>
/// <param name="UnsupportedOperators">Operator types of the block the module does not run; empty when it runs them all.</param>
public sealed record BlockCost(double LatencyMs, double EnergyJoules, long MemoryBytes, IReadOnlyList<string> UnsupportedOperators)
{
    /// <summary>True when the module runs every operator of the block.</summary>
    public bool IsSupported => UnsupportedOperators.Count == 0;

    /// <summary>A cost for a block whose operators the module all runs.</summary>
    public static BlockCost Supported(double latencyMs, double energyJoules, long memoryBytes) => new(latencyMs, energyJoules, memoryBytes, []);
}
