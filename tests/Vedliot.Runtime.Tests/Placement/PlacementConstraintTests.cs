using Vedliot.Runtime.Placement;
using static Vedliot.Runtime.Tests.Placement.TestChains;

namespace Vedliot.Runtime.Tests.Placement;

public sealed class PlacementConstraintTests
{
    private static readonly PlacementModule[] CpuGpu = [Module("cpu"), Module("gpu")];

    [Fact]
    public void Latency_objective_splits_where_each_module_is_fastest_and_charges_the_transfer()
    {
        var problem = Create(CpuGpu, [[Cost(1), Cost(10)], [Cost(10), Cost(2)]]);

        var placement = PlacementSolver.Solve(problem, PlacementObjective.Latency);

        Assert.Equal(["cpu", "gpu"], ModulesOf(placement));
        Assert.Equal(1.1, placement.Stages[1].TransferInMs, 9);
        Assert.Equal(1 + 1.1 + 2, placement.LatencyMs, 9);
        Assert.Contains("gpu runs stage 2", placement.Stages[0].Why, StringComparison.Ordinal);
        Assert.Equal((0, 10, 10, 20), (placement.Stages[0].FirstOperation, placement.Stages[0].EndOperation, placement.Stages[1].FirstOperation, placement.Stages[1].EndOperation));
    }

    [Fact]
    public void A_module_hosts_at_most_one_stage()
    {
        // cpu, gpu, cpu would be fastest (3 ms + transfers) but reuses cpu.
        var problem = Create(CpuGpu, [[Cost(1), Cost(10)], [Cost(10), Cost(1)], [Cost(1), Cost(10)]]);

        var placement = PlacementSolver.Solve(problem, PlacementObjective.Latency);

        Assert.Equal(["cpu"], ModulesOf(placement));
        Assert.Equal(12, placement.LatencyMs, 9);
    }

    [Fact]
    public void A_stage_never_needs_more_memory_than_its_module_has()
    {
        var modules = new[] { Module("cpu"), Module("gpu", memoryBytes: 2 * GiB) };
        var problem = Create(modules, [[Cost(10, memoryBytes: GiB), Cost(1, memoryBytes: GiB)], [Cost(10, memoryBytes: GiB), Cost(1, memoryBytes: GiB)], [Cost(10, memoryBytes: GiB), Cost(1, memoryBytes: GiB)]]);

        var placement = PlacementSolver.Solve(problem, PlacementObjective.Latency);

        Assert.Equal(["cpu", "gpu"], ModulesOf(placement));
        Assert.Equal(2 * GiB, placement.Stages[1].MemoryBytes);
    }

    [Fact]
    public void Blocks_go_only_to_modules_that_run_their_operators_and_the_reason_says_so()
    {
        var problem = Create(CpuGpu, [[Cost(10), Unsupported("Sigmoid")]]);

        var placement = PlacementSolver.Solve(problem, PlacementObjective.Latency);

        Assert.Equal(["cpu"], ModulesOf(placement));
        Assert.Contains("gpu does not run operator Sigmoid", placement.Stages[0].Why, StringComparison.Ordinal);
        Assert.StartsWith("operations 0..9 on cpu (10 ms, 1 J)", placement.Stages[0].Why, StringComparison.Ordinal);
    }

    [Fact]
    public void A_forbidden_module_hosts_nothing()
    {
        var problem = Create([Module("cpu"), Module("gpu", allowed: false)], [[Cost(10), Cost(1)]]);

        var placement = PlacementSolver.Solve(problem, PlacementObjective.Latency);

        Assert.Equal(["cpu"], ModulesOf(placement));
        Assert.Contains("gpu is not allowed", placement.Stages[0].Why, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pinned_block_runs_on_its_module()
    {
        var pins = new Dictionary<int, string> { [1] = "cpu" };
        var problem = Create(CpuGpu, [[Cost(10), Cost(1)], [Cost(10), Cost(1)]], new PlacementConstraints { PinnedBlocks = pins });

        var placement = PlacementSolver.Solve(problem, PlacementObjective.Latency);

        Assert.Equal(["gpu", "cpu"], ModulesOf(placement));
        Assert.Equal(1, placement.Stages[1].FirstBlock);
    }

    [Fact]
    public void The_stage_limit_caps_the_number_of_stages()
    {
        var costs = new[] { new[] { Cost(1), Cost(10) }, [Cost(10), Cost(1)] };

        var free = PlacementSolver.Solve(Create(CpuGpu, costs), PlacementObjective.Latency);
        var limited = PlacementSolver.Solve(Create(CpuGpu, costs, new PlacementConstraints { MaxStages = 1 }), PlacementObjective.Latency);

        Assert.Equal(2, free.Stages.Count);
        Assert.Single(limited.Stages);
    }

    [Fact]
    public void The_first_stage_runs_on_an_attested_module_when_required()
    {
        var modules = new[] { Module("cpu"), Module("gpu", attested: false) };
        var costs = new[] { new[] { Cost(10), Cost(1) }, [Cost(10), Cost(1)] };

        var placement = PlacementSolver.Solve(Create(modules, costs, new PlacementConstraints { Attestation = AttestationRequirement.FirstStage }), PlacementObjective.Latency);

        Assert.Equal(["cpu", "gpu"], ModulesOf(placement));
        Assert.Contains("gpu is not attested", placement.Stages[0].Why, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_stage_runs_on_an_attested_module_when_all_must_be()
    {
        var modules = new[] { Module("cpu"), Module("gpu", attested: false) };
        var costs = new[] { new[] { Cost(10), Cost(1) }, [Cost(10), Cost(1)] };

        var placement = PlacementSolver.Solve(Create(modules, costs, new PlacementConstraints { Attestation = AttestationRequirement.AllStages }), PlacementObjective.Latency);

        Assert.Equal(["cpu"], ModulesOf(placement));
    }

    [Fact]
    public void Modules_without_a_link_are_never_neighbouring_stages()
    {
        var modules = new[] { Module("cpu"), Module("gpu"), Module("npu") };
        var costs = new[] { new[] { Cost(1), Cost(50), Cost(20) }, [Cost(50), Cost(1), Cost(19)] };

        var placement = PlacementSolver.Solve(Create(modules, costs, links: [FastLink("cpu", "npu"), FastLink("gpu", "npu")]), PlacementObjective.Latency);

        Assert.Equal(["cpu", "npu"], ModulesOf(placement));
        Assert.Contains("gpu has no link to cpu", placement.Stages[1].Why, StringComparison.Ordinal);
    }

    [Fact]
    public void Energy_objective_takes_the_most_frugal_modules()
    {
        var problem = Create(CpuGpu, [[Cost(1, energyJoules: 5), Cost(9, energyJoules: 2)]]);

        var placement = PlacementSolver.Solve(problem, PlacementObjective.Energy);

        Assert.Equal(["gpu"], ModulesOf(placement));
        Assert.Equal(2, placement.ObjectiveValue, 9);
    }

    [Fact]
    public void Energy_delay_product_can_prefer_a_module_that_wins_neither_latency_nor_energy()
    {
        var modules = new[] { Module("fast"), Module("frugal"), Module("balanced") };
        var costs = new[] { new[] { Cost(1000, energyJoules: 10), Cost(10_000, energyJoules: 1), Cost(3000, energyJoules: 3) } };
        var problem = Create(modules, costs);

        Assert.Equal(["fast"], ModulesOf(PlacementSolver.Solve(problem, PlacementObjective.Latency)));
        Assert.Equal(["frugal"], ModulesOf(PlacementSolver.Solve(problem, PlacementObjective.Energy)));
        var edp = PlacementSolver.Solve(problem, PlacementObjective.EnergyDelayProduct);
        Assert.Equal(["balanced"], ModulesOf(edp));
        Assert.Equal(9, edp.EnergyDelayProductJouleSeconds, 9);
    }

    [Fact]
    public void Throughput_objective_balances_the_pipeline_and_reports_its_rate()
    {
        var problem = Create(CpuGpu, [[Cost(5), Cost(5)], [Cost(5), Cost(5)]]);

        var placement = PlacementSolver.Solve(problem, PlacementObjective.Throughput);

        Assert.Equal(2, placement.Stages.Count);
        Assert.Equal(5, placement.BottleneckMs, 9);
        Assert.Equal(200, placement.ThroughputPerSecond, 9);
        Assert.Equal(11.1, placement.LatencyMs, 9);
    }

    [Fact]
    public void Throughput_ties_on_the_bottleneck_are_broken_by_latency()
    {
        // a > b and a > c share the 8 ms bottleneck of block 0 on a; the a - b link is 3 ms slower.
        var modules = new[] { Module("a"), Module("b"), Module("c") };
        var costs = new[] { new[] { Cost(8), Cost(20), Cost(20) }, [Cost(20), Cost(1), Cost(1)] };
        var links = new[] { new Vedliot.Runtime.Platform.Link("a", "b", "slow", 1e9, 3.1), FastLink("a", "c"), FastLink("b", "c") };

        var placement = PlacementSolver.Solve(Create(modules, costs, links: links), PlacementObjective.Throughput);

        Assert.Equal(["a", "c"], ModulesOf(placement));
        Assert.Equal(8, placement.BottleneckMs, 9);
        Assert.Equal(10.1, placement.LatencyMs, 9);
    }

    [Fact]
    public void Mismatched_costs_are_rejected_when_the_problem_is_made()
    {
        Assert.Throws<ArgumentException>(() => Create(CpuGpu, [[Cost(1)]]));
    }

    [Fact]
    public void Links_to_modules_outside_the_problem_are_left_out()
    {
        var problem = Create(CpuGpu, [[Cost(1), Cost(1)]], links: [FastLink("cpu", "gpu"), FastLink("cpu", "unprofiled-fpga")]);

        Assert.Equal("gpu", Assert.Single(problem.Links).To);
    }

    [Fact]
    public void More_distinct_usable_modules_than_the_solver_takes_are_rejected()
    {
        var modules = Enumerable.Range(0, PlacementProblem.MaxUsableClasses + 1).Select(m => Module($"m{m}")).ToArray();
        var problem = Create(modules, [modules.Select(_ => Cost(1)).ToArray()]);

        Assert.Throws<PlacementTooLargeException>(() => PlacementSolver.Solve(problem, PlacementObjective.Latency));
    }
}
