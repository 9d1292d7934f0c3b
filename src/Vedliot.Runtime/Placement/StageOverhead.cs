namespace Vedliot.Runtime.Placement;

/// <summary>
/// What a stage costs on a module once, whatever blocks it holds: the call into the runtime (driver, DMA
/// set-up, kernel launch, session bookkeeping) and the energy spent meanwhile. The blocks' own costs come on top.
/// </summary>
/// <param name="LatencyMs">Fixed time per inference of one stage.</param>
/// <param name="EnergyJoules">Fixed energy per inference of one stage.</param>
public sealed record StageOverhead(double LatencyMs, double EnergyJoules)
{
    /// <summary>No fixed cost.</summary>
    public static StageOverhead None { get; } = new(0, 0);
}
