namespace Vedliot.Runtime.Placement;

/// <summary>Turns the stages a search found into a <see cref="Placement"/> with its predicted figures and reasons.</summary>
internal static class PlacementBuilder
{
    /// <summary>The placement of <paramref name="stages"/>; figures are summed block by block.</summary>
    public static Placement Build(ChainModel chain, IReadOnlyList<StageSpan> stages, PlacementObjective objective)
    {
        var problem = chain.Problem;
        var result = new List<PlacementStage>(stages.Count);
        double latencyMs = 0, energyJoules = 0, bottleneckMs = 0;
        for (var s = 0; s < stages.Count; s++)
        {
            var (first, end, module) = stages[s];
            var costs = Enumerable.Range(first, end - first).Select(b => problem.Blocks[b].CostByModule[module]).ToList();
            var stageLatencyMs = costs.Sum(c => c.LatencyMs);
            var stageEnergyJoules = costs.Sum(c => c.EnergyJoules);
            var transferInMs = s == 0 ? 0 : problem.LinkBetween(stages[s - 1].Module, module)!.TransferMs(problem.BoundaryCrossingBytes[first - 1]);
            latencyMs += stageLatencyMs + transferInMs;
            energyJoules += stageEnergyJoules;
            bottleneckMs = Math.Max(bottleneckMs, Math.Max(stageLatencyMs, transferInMs));
            result.Add(new PlacementStage(
                first,
                end,
                problem.Blocks[first].FirstOperation,
                problem.Blocks[end - 1].EndOperation,
                problem.Modules[module].Id,
                stageLatencyMs,
                stageEnergyJoules,
                costs.Sum(c => c.MemoryBytes),
                transferInMs,
                StageExplainer.Why(chain, stages, s, objective)));
        }

        return new Placement(objective, result, latencyMs, bottleneckMs, energyJoules);
    }
}
