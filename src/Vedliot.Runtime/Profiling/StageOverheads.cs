using Vedliot.Runtime.Placement;
using Vedliot.Runtime.Platform;

namespace Vedliot.Runtime.Profiling;

/// <summary>Finds a module's fixed cost per stage from its block profiles and the whole model's.</summary>
internal static class StageOverheads
{
    /// <summary>
    /// The fixed cost of a stage on <paramref name="module"/>. Each of n blocks measured alone pays the fixed
    /// cost once, the whole model pays it once, so (sum of blocks - whole) / (n - 1) is the fixed cost; a noisy
    /// negative difference counts as none. Without a whole-model figure (the module cannot run every block) or
    /// with one block, the descriptor's call overhead at the module's active power stands in.
    /// </summary>
    public static StageOverheadProfile Estimate(Module module, IReadOnlyList<BlockProfile> blocks, BlockProfile whole)
    {
        if (!whole.Supported || blocks.Count < 2 || blocks.Any(b => !b.Supported))
        {
            var descriptor = new StageOverhead(module.CallOverheadMs, module.Power.ActiveEnergyJoules(module.CallOverheadMs / 1000.0));
            return new StageOverheadProfile(module.Id, descriptor, OverheadSource.Descriptor, whole.Supported ? whole.LatencyP50Ms : 0);
        }

        var cuts = blocks.Count - 1;
        var latency = Math.Max(0, (blocks.Sum(b => b.LatencyP50Ms) - whole.LatencyP50Ms) / cuts);
        var energy = Math.Max(0, (blocks.Sum(b => b.EnergyJoules) - whole.EnergyJoules) / cuts);
        return new StageOverheadProfile(module.Id, new StageOverhead(latency, energy), OverheadSource.BlocksMinusWhole, whole.LatencyP50Ms);
    }
}
