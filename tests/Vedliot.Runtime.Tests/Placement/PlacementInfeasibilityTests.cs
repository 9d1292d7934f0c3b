using Vedliot.Runtime.Placement;
using static Vedliot.Runtime.Tests.Placement.TestChains;

namespace Vedliot.Runtime.Tests.Placement;

public sealed class PlacementInfeasibilityTests
{
    private static string FailureOf(PlacementProblem problem)
    {
        VedliotException error = Assert.Throws<PlacementInfeasibleException>(() => PlacementSolver.Solve(problem, PlacementObjective.Latency));
        return error.Message;
    }

    [Fact]
    public void A_block_too_big_for_every_module_names_the_memory_shortfall()
    {
        var problem = Create([Module("jetson-agx", memoryBytes: 2 * GiB)], [[Cost(1, memoryBytes: 3 * GiB)]]);

        Assert.Equal("block 0 (operations 0..9) fits no module: jetson-agx lacks memory (needs 3 GiB, has 2 GiB)", FailureOf(problem));
    }

    [Fact]
    public void A_first_block_without_an_attested_module_names_attestation()
    {
        var modules = new[] { Module("jetson-agx", memoryBytes: 2 * GiB), Module("cpu", attested: false) };
        var problem = Create(modules, [[Cost(1, memoryBytes: 3 * GiB), Cost(1)]], new PlacementConstraints { Attestation = AttestationRequirement.FirstStage });

        Assert.Equal("block 0 (operations 0..9) fits no attested module: jetson-agx lacks memory (needs 3 GiB, has 2 GiB), cpu is not attested", FailureOf(problem));
    }

    [Fact]
    public void A_block_no_module_can_run_names_the_operator_and_the_forbidden_module()
    {
        var modules = new[] { Module("hailo-8"), Module("cpu", allowed: false) };
        var problem = Create(modules, [[Cost(1), Cost(1)], [Unsupported("Sigmoid"), Cost(1)]]);

        Assert.Equal("block 1 (operations 10..19) fits no module: hailo-8 does not run operator Sigmoid, cpu is not allowed", FailureOf(problem));
    }

    [Fact]
    public void Pins_that_would_split_a_module_into_two_stages_are_named()
    {
        var pins = new Dictionary<int, string> { [0] = "cpu", [1] = "gpu", [2] = "cpu" };
        var problem = Create([Module("cpu"), Module("gpu")], [[Cost(1), Cost(1)], [Cost(1), Cost(1)], [Cost(1), Cost(1)]], new PlacementConstraints { PinnedBlocks = pins });

        Assert.Equal("blocks 0 and 2 are pinned to cpu but block 1 between them is pinned to gpu, and a module hosts at most one stage", FailureOf(problem));
    }

    [Fact]
    public void A_single_stage_limit_no_module_meets_names_each_module()
    {
        var problem = Create([Module("cpu"), Module("npu")], [[Cost(1), Unsupported("Resize")], [Unsupported("NonMaxSuppression"), Cost(1)]], new PlacementConstraints { MaxStages = 1 });

        Assert.Equal("no single module runs the whole model (operations 0..19): cpu does not run operator NonMaxSuppression, npu does not run operator Resize", FailureOf(problem));
    }

    [Fact]
    public void A_stage_limit_below_the_fewest_feasible_stages_is_named()
    {
        var modules = new[] { Module("a"), Module("b"), Module("c") };
        var costs = new[] { new[] { Cost(1), Unsupported("X"), Unsupported("X") }, [Unsupported("X"), Cost(1), Unsupported("X")], [Unsupported("X"), Unsupported("X"), Cost(1)] };
        var problem = Create(modules, costs, new PlacementConstraints { MaxStages = 2 });

        Assert.Equal("the limit of at most 2 stages is too low: the fewest stages that meet the other constraints is 3", FailureOf(problem));
    }

    [Fact]
    public void Modules_that_must_be_neighbours_but_have_no_link_are_named()
    {
        var problem = Create([Module("cpu"), Module("npu")], [[Cost(1), Unsupported("Resize")], [Unsupported("TopK"), Cost(1)]], links: []);

        Assert.Equal("links: the modules that can run the blocks are not linked where the pipeline needs it (no link cpu - npu)", FailureOf(problem));
    }

    [Fact]
    public void Needing_a_module_for_two_separate_stages_is_named_as_the_one_stage_per_module_rule()
    {
        var problem = Create([Module("cpu"), Module("npu")], [[Cost(1), Unsupported("Resize")], [Unsupported("TopK"), Cost(1)], [Cost(1), Unsupported("Resize")]]);

        Assert.Equal("no placement with at most 2 stages covers operations 0..29 with one stage per module: memory, operator support, pins and attestation leave no module for some part once the others are used", FailureOf(problem));
    }
}
