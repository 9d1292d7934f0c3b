namespace Vedliot.Runtime.Placement;

/// <summary>
/// Places a chain of blocks on modules, exactly, for one of the <see cref="PlacementObjective"/>s, and
/// compares the result with simple baselines.
/// </summary>
/// <remarks>
/// For a DAG model the chain is the model's topological order cut at the candidate cut points, so the
/// placement is exact over those cuts. The cost model is described on <see cref="PlacementProblem"/>.
/// </remarks>
public static class PlacementSolver
{
    /// <summary>
    /// Most layers of usage (stage counts on the classes it has to count) the search keeps: 4,096, the 2^12 sets
    /// of modules the former twelve-module solver kept. Beyond it the search is heuristic (<see cref="Placement.IsHeuristic"/>).
    /// </summary>
    public const int DefaultReach = 4096;

    private const string SingleModuleName = "best single module";
    private const string TwoWaySplitName = "best two-way split";

    /// <summary>The optimal placement of <paramref name="problem"/> for <paramref name="objective"/>.</summary>
    /// <exception cref="PlacementInfeasibleException">No placement meets the constraints; the message names the one that cannot be met.</exception>
    /// <exception cref="PlacementTooLargeException">More than <see cref="PlacementProblem.MaxUsableClasses"/> distinct modules could host a stage (check first with <see cref="ExactSolverCapacity"/>).</exception>
    /// <param name="problem">The problem.</param>
    /// <param name="objective">What to optimize.</param>
    /// <param name="reach">Most layers of usage the search keeps (at least 1); past it the result is heuristic. A lower reach trades optimality for time and memory.</param>
    public static Placement Solve(PlacementProblem problem, PlacementObjective objective, int reach = DefaultReach)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentOutOfRangeException.ThrowIfLessThan(reach, 1);
        var chain = new ChainModel(problem);
        return Solve(chain, new ChainSearch(chain, reach), objective, FullLimits(chain));
    }

    /// <summary>The optimal placement with the best single module and the best two-way split beside it.</summary>
    /// <exception cref="PlacementInfeasibleException">No placement meets the constraints.</exception>
    /// <exception cref="PlacementTooLargeException">More than <see cref="PlacementProblem.MaxUsableClasses"/> distinct modules could host a stage (check first with <see cref="ExactSolverCapacity"/>).</exception>
    public static PlacementReport SolveWithBaselines(PlacementProblem problem, PlacementObjective objective)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var chain = new ChainModel(problem);
        var search = new ChainSearch(chain);
        var full = FullLimits(chain);
        var placement = Solve(chain, search, objective, full);
        return new PlacementReport(
            placement,
            Baseline(chain, search, objective, placement, SingleModuleName, full with { MinStages = 1, MaxStages = 1 }),
            Baseline(chain, search, objective, placement, TwoWaySplitName, full with { MinStages = 2, MaxStages = 2 }));
    }

    /// <summary>
    /// The latency/energy trade-offs of <paramref name="problem"/>: every placement on the lower-left convex
    /// hull of the feasible (latency, energy) points, from the fastest to the most frugal. Each is optimal for
    /// some weighting of latency against energy; together they are the convex part of the Pareto front.
    /// </summary>
    /// <returns>Placements with strictly rising latency and falling energy; empty when none is feasible.</returns>
    public static IReadOnlyList<Placement> LatencyEnergyFront(PlacementProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var chain = new ChainModel(problem);
        var search = new ChainSearch(chain);
        return ObjectiveSearch.ConvexFront(chain, search, FullLimits(chain))
            .Select(stages => PlacementBuilder.Build(chain, stages, PlacementObjective.EnergyDelayProduct) with { IsHeuristic = search.IsHeuristic })
            .ToList();
    }

    /// <summary>
    /// The optimal placement for <paramref name="objective"/> among those that meet <paramref name="budgets"/>,
    /// exactly: a placement off the convex hull of the latency/energy front is found as well (see <see cref="BudgetSearch"/>).
    /// </summary>
    /// <exception cref="PlacementInfeasibleException">No placement meets the constraints, or none meets the budgets; the message says which, with the fastest and the most frugal placement's figures.</exception>
    public static Placement SolveWithinBudgets(PlacementProblem problem, PlacementObjective objective, PlacementBudgets budgets)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(budgets);
        if (budgets.LatencyMs is < 0 or double.NaN || budgets.EnergyJoules is < 0 or double.NaN)
        {
            throw new ArgumentException("a budget must be a number not below 0");
        }

        var chain = new ChainModel(problem);
        var search = new ChainSearch(chain);
        var limits = FullLimits(chain);
        var best = Solve(chain, search, objective, limits);
        if (budgets.AreMetBy(best))
        {
            return best;
        }

        var stages = new BudgetSearch(chain).Solve(objective, budgets.LatencyBoundMs, budgets.EnergyBoundJoules, limits);
        if (stages is null)
        {
            var fastest = Solve(chain, search, PlacementObjective.Latency, limits);
            var frugal = Solve(chain, search, PlacementObjective.Energy, limits);
            throw new PlacementInfeasibleException(
                $"no placement meets the budgets ({Describe(budgets)}): the fastest predicts {Quantities.Ms(fastest.LatencyMs)} at {Quantities.Joules(fastest.EnergyJoules)}, the most frugal {Quantities.Ms(frugal.LatencyMs)} at {Quantities.Joules(frugal.EnergyJoules)}");
        }

        return PlacementBuilder.Build(chain, stages, objective);
    }

    /// <summary>
    /// What the cost model predicts for stages chosen by hand (say, to compare with a measurement): the same
    /// figures a solved placement carries. Several stages may share a module; handovers between them are
    /// encoded and decoded but cross no link. Memory, operator support and attestation are not checked.
    /// </summary>
    /// <exception cref="ArgumentException">The stages do not cover the blocks in order, name an unknown module, or meet where no link joins their modules.</exception>
    public static Placement Predict(PlacementProblem problem, IReadOnlyList<StageChoice> stages, PlacementObjective objective)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(stages);
        var chain = new ChainModel(problem);
        var spans = new List<StageSpan>(stages.Count);
        foreach (var stage in stages)
        {
            if (stage.FirstBlock != (spans.Count == 0 ? 0 : spans[^1].EndBlock) || stage.EndBlock <= stage.FirstBlock || stage.EndBlock > problem.Blocks.Count)
            {
                throw new ArgumentException($"stage {spans.Count} (blocks {stage.FirstBlock}..{stage.EndBlock - 1}) does not continue the stages before it within the {problem.Blocks.Count} blocks");
            }

            var module = problem.ModuleIndex.TryGetValue(stage.ModuleId, out var index) ? index : throw new ArgumentException($"stage {spans.Count} names module '{stage.ModuleId}', which the problem does not have");
            if (spans.Count > 0 && double.IsPositiveInfinity(chain.CutMs[chain.CutIndex(stage.FirstBlock, spans[^1].Module, module)]))
            {
                throw new ArgumentException($"stage {spans.Count} on {stage.ModuleId} cannot follow a stage on {problem.Modules[spans[^1].Module].Id}: no link joins them");
            }

            spans.Add(new StageSpan(stage.FirstBlock, stage.EndBlock, module));
        }

        if (spans.Count == 0 || spans[^1].EndBlock != problem.Blocks.Count)
        {
            throw new ArgumentException($"the stages cover {(spans.Count == 0 ? 0 : spans[^1].EndBlock)} of {problem.Blocks.Count} blocks");
        }

        return PlacementBuilder.Build(chain, spans, objective);
    }

    private static string Describe(PlacementBudgets budgets) => string.Join(", ", new[]
    {
        budgets.LatencyMs is { } latency ? $"latency at most {Quantities.Ms(latency)}" : null,
        budgets.EnergyJoules is { } energy ? $"energy at most {Quantities.Joules(energy)}" : null,
    }.OfType<string>());

    private static SearchLimits FullLimits(ChainModel chain) =>
        new(1, Math.Min(chain.Problem.Constraints.MaxStages ?? int.MaxValue, chain.MostStages), IgnoreLinks: false);

    private static Placement Solve(ChainModel chain, ChainSearch search, PlacementObjective objective, SearchLimits limits)
    {
        var stages = ObjectiveSearch.Optimize(chain, search, objective, limits)
            ?? throw new PlacementInfeasibleException((search.IsHeuristic ? "the heuristic search (past the exact reach it left out some modules) found no placement; " : string.Empty) + InfeasibilityDiagnosis.Explain(chain, search, limits));
        return PlacementBuilder.Build(chain, stages, objective) with { IsHeuristic = search.IsHeuristic };
    }

    private static PlacementBaseline Baseline(ChainModel chain, ChainSearch search, PlacementObjective objective, Placement placement, string name, SearchLimits limits)
    {
        if (limits.MinStages > chain.MostStages || (chain.Problem.Constraints.MaxStages ?? int.MaxValue) < limits.MinStages)
        {
            return new PlacementBaseline(name, null, $"the constraints allow at most {Math.Min(chain.MostStages, chain.Problem.Constraints.MaxStages ?? int.MaxValue)} stage(s)", null);
        }

        var stages = ObjectiveSearch.Optimize(chain, search, objective, limits);
        if (stages is null)
        {
            return new PlacementBaseline(name, null, InfeasibilityDiagnosis.Explain(chain, search, limits), null);
        }

        var baseline = PlacementBuilder.Build(chain, stages, objective) with { IsHeuristic = search.IsHeuristic };
        return new PlacementBaseline(name, baseline, null, placement.ObjectiveValue / baseline.ObjectiveValue);
    }
}
