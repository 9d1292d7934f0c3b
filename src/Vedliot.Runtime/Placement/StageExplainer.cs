namespace Vedliot.Runtime.Placement;

/// <summary>Writes the short human reason for each stage's module.</summary>
internal static class StageExplainer
{
    /// <summary>
    /// Why stage <paramref name="index"/> of <paramref name="stages"/> runs where it does: its own figures,
    /// what the whole placement optimizes, and for every other module what rules it out or what it would cost.
    /// </summary>
    public static string Why(ChainModel chain, IReadOnlyList<StageSpan> stages, int index, PlacementObjective objective)
    {
        var problem = chain.Problem;
        var (first, end, module) = stages[index];
        var parts = new List<string>
        {
            $"{Range(problem, first, end)} on {problem.Modules[module].Id} ({Quantities.Ms(StageLatency(chain, module, first, end))}, {Quantities.Joules(StageEnergy(chain, module, first, end))}) as part of the placement with the {Goal(objective)}",
        };
        for (var other = 0; other < chain.ModuleCount; other++)
        {
            if (other != module)
            {
                parts.Add(Alternative(chain, stages, index, other));
            }
        }

        return string.Join("; ", parts);
    }

    /// <summary>The operations of blocks [<paramref name="first"/>, <paramref name="end"/>), e.g. <c>operations 0..14</c>.</summary>
    public static string Range(PlacementProblem problem, int first, int end) =>
        $"operations {problem.Blocks[first].FirstOperation}..{problem.Blocks[end - 1].EndOperation - 1}";

    private static string Alternative(ChainModel chain, IReadOnlyList<StageSpan> stages, int index, int other)
    {
        var problem = chain.Problem;
        var id = problem.Modules[other].Id;
        var (first, end, _) = stages[index];
        var obstacles = ModuleObstacles.For(chain, other, first, end);
        if (obstacles.Count > 0)
        {
            return string.Join(", ", obstacles);
        }

        var taken = Enumerable.Range(0, stages.Count).Where(s => stages[s].Module == other).ToList();
        if (taken.Count >= problem.Modules[other].Count)
        {
            return $"{id} runs stage {string.Join(", ", taken.Select(s => s + 1))}";
        }

        foreach (var neighbour in new[] { index - 1, index + 1 }.Where(n => n >= 0 && n < stages.Count))
        {
            if (problem.LinkBetween(other, stages[neighbour].Module) is null)
            {
                return $"{id} has no link to {problem.Modules[stages[neighbour].Module].Id}";
            }
        }

        return $"{id} would take {Quantities.Ms(StageLatency(chain, other, first, end))}, {Quantities.Joules(StageEnergy(chain, other, first, end))}";
    }

    private static double StageLatency(ChainModel chain, int module, int first, int end) => chain.StageMs(module, first, end);

    private static double StageEnergy(ChainModel chain, int module, int first, int end) => chain.StageJoules(module, first, end);

    private static string Goal(PlacementObjective objective) => objective switch
    {
        PlacementObjective.Latency => "lowest end-to-end latency",
        PlacementObjective.Energy => "lowest energy per inference",
        PlacementObjective.EnergyDelayProduct => "lowest energy-delay product",
        PlacementObjective.Throughput => "highest pipelined throughput",
        _ => throw new ArgumentOutOfRangeException(nameof(objective), objective, "unknown objective"),
    };
}
