namespace Vedliot.Runtime.Placement;

/// <summary>Finds which constraint makes a search infeasible, by checking them from the most local to the most global.</summary>
internal static class InfeasibilityDiagnosis
{
    /// <summary>A message that names the constraint no placement within <paramref name="limits"/> can meet.</summary>
    public static string Explain(ChainModel chain, ChainSearch search, SearchLimits limits)
    {
        return ExposureDiagnosis.Explain(chain, limits)
            ?? BlockNoModuleFits(chain)
            ?? PinsSplitAModule(chain)
            ?? NoSingleModuleFits(chain, limits)
            ?? StageCountTooSmall(chain, search, limits)
            ?? MissingLinks(chain, search, limits)
            ?? $"no placement with {StageCount(limits)} covers {StageExplainer.Range(chain.Problem, 0, chain.BlockCount)} with one stage per module: memory, operator support, pins and attestation leave no module for some part once the others are used";
    }

    private static string? BlockNoModuleFits(ChainModel chain)
    {
        var problem = chain.Problem;
        for (var b = 0; b < chain.BlockCount; b++)
        {
            // Block 0 is always in the first stage, so it is judged as one.
            var first = b == 0 ? 0 : b;
            var reasons = Enumerable.Range(0, chain.ModuleCount).Select(m => ModuleObstacles.For(chain, m, first, b + 1)).ToList();
            if (reasons.All(r => r.Count > 0))
            {
                var attested = problem.Constraints.Attestation == AttestationRequirement.AllStages || (b == 0 && problem.Constraints.Attestation == AttestationRequirement.FirstStage);
                return $"block {b} ({StageExplainer.Range(problem, b, b + 1)}) fits no {(attested ? "attested " : "")}module: {string.Join(", ", reasons.SelectMany(r => r))}";
            }
        }

        return null;
    }

    private static string? PinsSplitAModule(ChainModel chain)
    {
        var pins = chain.Problem.Constraints.PinnedBlocks.OrderBy(p => p.Key).ToList();
        for (var i = 0; i < pins.Count; i++)
        {
            for (var k = i + 2; k < pins.Count; k++)
            {
                var between = pins.Skip(i + 1).Take(k - i - 1).FirstOrDefault(p => p.Value != pins[i].Value);
                if (pins[k].Value == pins[i].Value && between.Value is not null)
                {
                    return $"blocks {pins[i].Key} and {pins[k].Key} are pinned to {pins[i].Value} but block {between.Key} between them is pinned to {between.Value}, and a module hosts at most one stage";
                }
            }
        }

        return null;
    }

    private static string? NoSingleModuleFits(ChainModel chain, SearchLimits limits)
    {
        if (limits.MaxStages > 1)
        {
            return null;
        }

        var reasons = Enumerable.Range(0, chain.ModuleCount).Select(m => ModuleObstacles.For(chain, m, 0, chain.BlockCount)).ToList();
        return reasons.All(r => r.Count > 0)
            ? $"no single module runs the whole model ({StageExplainer.Range(chain.Problem, 0, chain.BlockCount)}): {string.Join(", ", reasons.SelectMany(r => r))}"
            : null;
    }

    private static string? StageCountTooSmall(ChainModel chain, ChainSearch search, SearchLimits limits)
    {
        var most = chain.MostStages;
        for (var stages = 1; stages <= most; stages++)
        {
            if (stages >= limits.MinStages && stages <= limits.MaxStages)
            {
                continue;
            }

            if (search.MinimizeWeightedSum(1, 0, double.PositiveInfinity, limits with { MinStages = stages, MaxStages = stages }) is not null)
            {
                var usable = $"the usable modules can host {most} stage{(most == 1 ? "" : "s")}";
                return stages > limits.MaxStages
                    ? $"the limit of {StageCount(limits)} is too low: the fewest stages that meet the other constraints is {stages}"
                    : $"no placement with {StageCount(limits)} meets the constraints ({usable}; {stages} stage{(stages == 1 ? "" : "s")} would)";
            }
        }

        return null;
    }

    private static string? MissingLinks(ChainModel chain, ChainSearch search, SearchLimits limits)
    {
        var unlinked = search.MinimizeWeightedSum(1, 0, double.PositiveInfinity, limits with { IgnoreLinks = true });
        if (unlinked is null)
        {
            return null;
        }

        var problem = chain.Problem;
        var gaps = Enumerable.Range(1, unlinked.Count - 1)
            .Where(s => problem.LinkBetween(unlinked[s - 1].Module, unlinked[s].Module) is null)
            .Select(s => $"{problem.Modules[unlinked[s - 1].Module].Id} - {problem.Modules[unlinked[s].Module].Id}");
        return $"links: the modules that can run the blocks are not linked where the pipeline needs it (no link {string.Join(", ", gaps)})";
    }

    private static string StageCount(SearchLimits limits) =>
        limits.MinStages == limits.MaxStages
            ? $"exactly {limits.MinStages} stage{(limits.MinStages == 1 ? "" : "s")}"
            : $"at most {limits.MaxStages} stage{(limits.MaxStages == 1 ? "" : "s")}";
}
