namespace Vedliot.Runtime.Placement;

/// <summary>Turns the stages a search found into a <see cref="Placement"/> with its predicted figures and reasons.</summary>
internal static class PlacementBuilder
{
    /// <summary>
    /// The placement of <paramref name="stages"/>, with the figures the search itself uses; the stages on a class of
    /// identical modules take its members in order.
    /// </summary>
    public static Placement Build(ChainModel chain, IReadOnlyList<StageSpan> stages, PlacementObjective objective)
    {
        var problem = chain.Problem;
        var result = new List<PlacementStage>(stages.Count);
        var membersTaken = new int[chain.ModuleCount];
        for (var s = 0; s < stages.Count; s++)
        {
            var (first, end, module) = stages[s];
            var member = problem.Modules[module].Members[membersTaken[module]++ % problem.Modules[module].Count];
            var cut = s == 0 ? -1 : chain.CutIndex(first, stages[s - 1].Module, module);
            result.Add(new PlacementStage(
                first,
                end,
                problem.Blocks[first].FirstOperation,
                problem.Blocks[end - 1].EndOperation,
                member,
                chain.StageMs(module, first, end),
                chain.StageJoules(module, first, end),
                chain.MemoryPrefix[module][end] - chain.MemoryPrefix[module][first],
                cut < 0 ? 0 : chain.CutMs[cut],
                StageExplainer.Why(chain, stages, s, objective))
            {
                TransferInEnergyJoules = cut < 0 ? 0 : chain.CutJoules[cut],
            });
        }

        var (latencyMs, energyJoules) = chain.Totals(stages);
        return new Placement(objective, result, latencyMs, chain.BottleneckMs(stages), energyJoules);
    }
}
