using System.Globalization;
using System.Security.Cryptography;
using Vedliot.Runtime.Models;
using Vedliot.Runtime.Partitioning;
using Vedliot.Runtime.Placement;
using Vedliot.Runtime.Platform;
using Vedliot.Runtime.Profiling;

namespace Vedliot.Runtime.Deployment.Orchestration;

/// <summary>
/// Plans one pipeline of a manifest on the modules at hand: profiles the model's candidate blocks,
/// places them for the pipeline's objective under its constraints and budgets, and cuts the model at
/// the chosen stage boundaries into the partitions the nodes will run.
/// </summary>
/// <param name="profiler">Profiles blocks on modules.</param>
/// <param name="typeResolver">Types the tensors crossing each cut.</param>
/// <param name="exposureMeter">Measures the exposure at each cut, for pipelines with <c>max_exposure</c>; null when none is at hand.</param>
public sealed class PipelinePlanner(IModelProfiler profiler, IValueTypeResolver typeResolver, IExposureMeter? exposureMeter = null)
{
    /// <summary>Plans <paramref name="spec"/>.</summary>
    /// <param name="spec">The manifest's pipeline.</param>
    /// <param name="graph">Its model.</param>
    /// <param name="inventory">The modules that may run stages (ids are node ids) and the links between them.</param>
    /// <param name="isAttested">Whether a module's node is attested.</param>
    /// <param name="cancellationToken">Stops profiling between blocks and modules.</param>
    /// <exception cref="PlacementInfeasibleException">No placement meets the constraints or budgets; the message names which.</exception>
    /// <exception cref="PlacementTooLargeException">More modules could host a stage than the exact solver takes; raised before profiling.</exception>
    public async Task<PlannedPipeline> PlanAsync(PipelineSpec spec, ModelGraph graph, Inventory inventory, Func<Module, bool> isAttested, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(inventory);
        var allowed = spec.Constraints.AllowedKinds;
        var excluded = inventory.Modules.Where(m => allowed.Count > 0 && !allowed.Contains(m.Kind)).Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        if (excluded.Count == inventory.Modules.Count)
        {
            throw new PlacementInfeasibleException($"pipeline '{spec.Name}': no module of an allowed kind ({string.Join(", ", allowed)}) is available");
        }

        ExactSolverCapacity.EnsureSolvable(inventory.Modules, m => !excluded.Contains(m.Id), spec.Constraints.Attestation, isAttested, $"pipeline '{spec.Name}'");
        var table = await profiler.ProfileAsync(graph, spec.Dimensions, inventory.Modules, cancellationToken).ConfigureAwait(false);
        var exposure = spec.Constraints.MaxExposure is { } bound ? await ExposureLimitAsync(spec, graph, table, bound, cancellationToken).ConfigureAwait(false) : null;
        var constraints = new PlacementConstraints { Attestation = spec.Constraints.Attestation, MaxStages = spec.Constraints.MaxStages, Exposure = exposure };

        // Every tensor between stages passes the broker, which is not attested: no hop keeps a cut inside the attested set.
        var hops = exposure is null ? inventory : new Inventory(inventory.Modules, inventory.Links.Select(l => l with { Encrypted = false }));
        var problem = PlacementProblems.FromProfile(table, hops, constraints, isAttested, excluded);
        var report = PlacementSolver.SolveWithBaselines(problem, spec.Objective);
        var placement = WithinBudgets(spec, problem, report.Placement);
        report = report with { Placement = placement };

        var cuts = placement.Stages.Take(placement.Stages.Count - 1).Select(s => s.EndOperation);
        var split = new ModelPartitioner(graph, typeResolver).Split(PartitionPlan.AtPositions(graph, cuts, $"placement for {spec.Objective}"));
        var stages = placement.Stages.Zip(split.Partitions, (stage, partition) =>
        {
            var bytes = partition.ToBytes();
            return new PlannedStage(stage, partition, bytes, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        }).ToList();
        return new PlannedPipeline(spec, report, stages, [.. graph.Inputs.Select(t => t.Name)], [.. graph.Outputs.Select(t => t.Name)]);
    }

    private async Task<ExposureLimit> ExposureLimitAsync(PipelineSpec spec, ModelGraph graph, ProfileTable table, double bound, CancellationToken cancellationToken)
    {
        var meter = exposureMeter ?? throw new PlacementInfeasibleException($"pipeline '{spec.Name}': max_exposure needs each cut's exposure measured, and this orchestrator has no exposure meter");
        var exposure = await meter.MeasureAsync(graph, table.CandidateCuts, spec.Dimensions, cancellationToken).ConfigureAwait(false);
        return exposure.Limit(bound, table.CandidateCuts);
    }

    /// <summary>
    /// The placement itself when it meets the budgets; otherwise the best placement for the objective among those
    /// that meet them, found exactly (off the convex hull of the latency/energy front too).
    /// </summary>
    private static Placement.Placement WithinBudgets(PipelineSpec spec, PlacementProblem problem, Placement.Placement best)
    {
        var constraints = spec.Constraints;
        var budgets = new PlacementBudgets(constraints.LatencyBudgetMs, constraints.EnergyBudgetMillijoules / 1000);
        if (budgets.AreMetBy(best))
        {
            return best;
        }

        try
        {
            return PlacementSolver.SolveWithinBudgets(problem, spec.Objective, budgets);
        }
        catch (PlacementInfeasibleException e)
        {
            throw new PlacementInfeasibleException($"pipeline '{spec.Name}': {Budgets(constraints)}: {e.Message}");
        }
    }

    private static string Budgets(DeploymentConstraints constraints) => string.Join(", ", new[]
    {
        constraints.LatencyBudgetMs is { } l ? string.Create(CultureInfo.InvariantCulture, $"latency_budget_ms {l}") : null,
        constraints.EnergyBudgetMillijoules is { } e ? string.Create(CultureInfo.InvariantCulture, $"energy_budget_mj {e}") : null,
    }.OfType<string>());
}
