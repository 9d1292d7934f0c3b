using System.Security.Cryptography;
using Onnx;
using Vedliot.Runtime.Deployment;
using Vedliot.Runtime.Deployment.Orchestration;
using Vedliot.Runtime.Execution;
using Vedliot.Runtime.Exposure;
using Vedliot.Runtime.Models;
using Vedliot.Runtime.Partitioning;
using Vedliot.Runtime.Placement;
using Vedliot.Runtime.Platform;
using Vedliot.Runtime.Profiling;
using Vedliot.Testing.Runtime;

namespace Vedliot.Runtime.Tests.Deployment.Orchestration;

public sealed class PipelinePlannerTests
{
    // Three Relu blocks; "fast" runs a block in 1 ms for 10 mJ, "frugal" in 5 ms for 1 mJ.
    private static readonly ModelGraph Chain = ModelGraph.FromModel(
        new OnnxModelBuilder()
            .Input("x", 1, 4)
            .Node("Relu", ["x"], ["a"])
            .Node("Relu", ["a"], ["b"])
            .Node("Relu", ["b"], ["y"])
            .Output("y", 1, 4)
            .Build(),
        "chain.onnx");

    private static readonly Inventory TwoNodes = new(
        [TestModules.Emulated("fast"), TestModules.Emulated("frugal")],
        [new Link("fast", "frugal", "ethernet", 1e9, 0.5)]);

    [Fact]
    public async Task Latency_objective_runs_everything_on_the_fast_node_as_one_partition()
    {
        var plan = await Planner().PlanAsync(Spec(PlacementObjective.Latency), Chain, TwoNodes, _ => true);

        var stage = Assert.Single(plan.Stages);
        Assert.Equal("fast", stage.NodeId);
        Assert.Equal(["x"], stage.Partition.Inputs.Select(t => t.Name));
        Assert.Equal(["y"], stage.Partition.Outputs.Select(t => t.Name));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(stage.Artefact)), stage.Digest);
    }

    [Fact]
    public async Task Energy_objective_runs_every_operation_on_the_frugal_node()
    {
        var plan = await Planner().PlanAsync(Spec(PlacementObjective.Energy, maxStages: 2), Chain, TwoNodes, m => m.Id == "frugal");

        Assert.All(plan.Stages, s => Assert.Equal("frugal", s.NodeId));
        Assert.Equal(3, plan.Stages.Sum(s => s.Partition.OperationCount));
        Assert.Equal(plan.Report.Placement.Stages.Count, plan.Stages.Count);
    }

    [Fact]
    public async Task Energy_objective_over_the_latency_budget_takes_a_placement_within_it()
    {
        var unbounded = await Planner().PlanAsync(Spec(PlacementObjective.Energy), Chain, TwoNodes, _ => true);
        var bounded = await Planner().PlanAsync(Spec(PlacementObjective.Energy, latencyBudgetMs: 10), Chain, TwoNodes, _ => true);

        Assert.True(unbounded.Report.Placement.LatencyMs > 10);
        Assert.True(bounded.Report.Placement.LatencyMs <= 10);
        Assert.Equal(PlacementObjective.Energy, bounded.Report.Placement.Objective);
    }

    [Fact]
    public async Task Unmeetable_budget_names_the_pipeline_and_the_budget()
    {
        var error = await Assert.ThrowsAsync<PlacementInfeasibleException>(() => Planner().PlanAsync(Spec(PlacementObjective.Latency, latencyBudgetMs: 1), Chain, TwoNodes, _ => true));

        Assert.Contains("pipeline 'chain'", error.Message, StringComparison.Ordinal);
        Assert.Contains("latency_budget_ms 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Modules_of_kinds_the_manifest_does_not_allow_are_left_out()
    {
        var error = await Assert.ThrowsAsync<PlacementInfeasibleException>(() => Planner().PlanAsync(Spec(PlacementObjective.Latency, kinds: [ModuleKind.Gpu]), Chain, TwoNodes, _ => true));

        Assert.Contains("no module of an allowed kind (Gpu)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pipeline_with_more_distinct_usable_modules_than_the_solver_takes_is_refused_before_profiling()
    {
        var profiler = new TableProfiler();
        var tooMany = new Inventory([.. Enumerable.Range(0, PlacementProblem.MaxUsableClasses + 1).Select(m => TestModules.Emulated($"n{m}") with { CallOverheadMs = m })], []);

        var error = await Assert.ThrowsAsync<PlacementTooLargeException>(() => new PipelinePlanner(profiler, new FloatResolver()).PlanAsync(Spec(PlacementObjective.Latency), Chain, tooMany, _ => true));

        Assert.StartsWith("pipeline 'chain': 65 distinct modules could host a stage", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, profiler.Calls);
    }

    [Fact]
    public async Task A_cut_over_max_exposure_is_not_placed_between_stages()
    {
        // Only "fast" is attested and must take the raw input; energy then wants "frugal" from block 1 on, but the cut there reveals too much.
        var meter = new FixedExposure(new ExposureProfile(ExposureMetric.Ssim, "test", 4, 2, [new CutExposure(0, 0.97, "test"), new CutExposure(1, 0.9, "test"), new CutExposure(2, 0.2, "test")]));
        var planner = new PipelinePlanner(new TableProfiler(), new FloatResolver(), meter);
        var spec = Spec(PlacementObjective.Energy) with { Constraints = new DeploymentConstraints(null, null, AttestationRequirement.FirstStage, new HashSet<ModuleKind>(), null) };

        var free = await planner.PlanAsync(spec, Chain, TwoNodes, m => m.Id == "fast");
        var bounded = await planner.PlanAsync(spec with { Constraints = spec.Constraints with { MaxExposure = 0.3 } }, Chain, TwoNodes, m => m.Id == "fast");

        Assert.Equal([1, 3], free.Stages.Select(s => s.Placement.EndOperation));
        Assert.Equal([2, 3], bounded.Stages.Select(s => s.Placement.EndOperation));
        Assert.Equal(["fast", "frugal"], bounded.Stages.Select(s => s.NodeId));
        Assert.Equal(1, meter.Calls);
    }

    [Fact]
    public async Task Max_exposure_without_an_exposure_meter_is_refused_naming_the_pipeline()
    {
        var spec = Spec(PlacementObjective.Latency);

        var error = await Assert.ThrowsAsync<PlacementInfeasibleException>(() => Planner().PlanAsync(spec with { Constraints = spec.Constraints with { MaxExposure = 0.3 } }, Chain, TwoNodes, _ => true));

        Assert.Equal("pipeline 'chain': max_exposure needs each cut's exposure measured, and this orchestrator has no exposure meter", error.Message);
    }

    private static PipelinePlanner Planner() => new(new TableProfiler(), new FloatResolver());

    private static PipelineSpec Spec(PlacementObjective objective, double? latencyBudgetMs = null, int? maxStages = null, ModuleKind[]? kinds = null) =>
        new("chain", new ModelReference("chain.onnx"), "in", "out", objective, new DeploymentConstraints(latencyBudgetMs, null, AttestationRequirement.None, (kinds ?? []).ToHashSet(), maxStages));

    private sealed class TableProfiler : IModelProfiler
    {
        public int Calls { get; private set; }

        public Task<ProfileTable> ProfileAsync(ModelGraph graph, IReadOnlyDictionary<string, long> dimensions, IReadOnlyList<Module> modules, CancellationToken cancellationToken = default)
        {
            Calls++;
            return Task.FromResult(Table(modules));
        }

        private static ProfileTable Table(IReadOnlyList<Module> modules) => new(
            "digest",
            "chain",
            3,
            [1, 2],
            [16, 16],
            [.. Enumerable.Range(0, 3).SelectMany(block => modules.Select(m => m.Id == "fast"
                ? new BlockProfile(block, m.Id, true, null, 1, 1, 1, FigureSource.Modelled, 0.010, FigureSource.Modelled, 64, 5, [])
                : new BlockProfile(block, m.Id, true, null, 5, 5, 5, FigureSource.Modelled, 0.001, FigureSource.Modelled, 64, 5, [])))],
            "test");
    }

    private sealed class FixedExposure(ExposureProfile profile) : IExposureMeter
    {
        public int Calls { get; private set; }

        public Task<ExposureProfile> MeasureAsync(ModelGraph graph, IReadOnlyList<int> candidateCuts, IReadOnlyDictionary<string, long> dimensions, CancellationToken cancellationToken = default)
        {
            Calls++;
            return Task.FromResult(profile);
        }
    }

    private sealed class FloatResolver : IValueTypeResolver
    {
        public IReadOnlyDictionary<string, TypeProto> Resolve(ModelProto model, IReadOnlyCollection<string> tensorNames) =>
            tensorNames.ToDictionary(n => n, _ => new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } });
    }
}
