using Vedliot.Runtime.Placement;
using static Vedliot.Runtime.Tests.Placement.TestChains;

namespace Vedliot.Runtime.Tests.Placement;

public sealed class ExposureBoundTests
{
    // The attested module is slow, the unattested one fast: without a bound the pipeline leaves the enclave after block 0.
    private static readonly BlockCost[][] Costs =
    [
        [Cost(5, memoryBytes: GiB), Cost(1, memoryBytes: GiB)],
        [Cost(5, memoryBytes: GiB), Cost(1, memoryBytes: GiB)],
        [Cost(5, memoryBytes: GiB), Cost(1, memoryBytes: GiB)],
    ];

    [Fact]
    public void Without_a_bound_the_fast_unattested_module_takes_all_but_the_first_block()
    {
        var placement = PlacementSolver.Solve(Chain(null), PlacementObjective.Latency);

        Assert.Equal([(0, 1, "enclave"), (1, 3, "gpu")], placement.Stages.Select(s => (s.FirstBlock, s.EndBlock, s.ModuleId)));
    }

    [Fact]
    public void A_cut_over_the_bound_is_not_handed_to_an_unattested_module()
    {
        var placement = PlacementSolver.Solve(Chain(new ExposureLimit(0.3, 0.98, [0.8, 0.2])), PlacementObjective.Latency);

        Assert.Equal([(0, 2, "enclave"), (2, 3, "gpu")], placement.Stages.Select(s => (s.FirstBlock, s.EndBlock, s.ModuleId)));
    }

    [Fact]
    public void An_infeasible_bound_names_each_cut_over_it_with_its_exposure()
    {
        // The enclave holds at most two blocks, and both cuts reveal too much.
        var error = Assert.Throws<PlacementInfeasibleException>(() => PlacementSolver.Solve(Chain(new ExposureLimit(0.3, 0.98, [0.8, 0.5]), enclaveMemory: 2 * GiB), PlacementObjective.Latency));

        Assert.StartsWith("max_exposure 0.3: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("the cut after 10 operations (exposure 0.80), the cut after 20 operations (exposure 0.50) exceed it", error.Message, StringComparison.Ordinal);
        Assert.Contains("attested modules: enclave; encrypted links: none", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_encrypted_link_between_attested_modules_may_carry_a_cut_over_the_bound()
    {
        // Neither module holds all three blocks, so the model must be cut, and every cut reveals too much.
        var modules = new[] { Module("enclave", 2 * GiB), Module("sealed-gpu", 2 * GiB) };
        var constraints = new PlacementConstraints { Exposure = new ExposureLimit(0.3, 0.98, [0.8, 0.5]) };
        var link = FastLink("enclave", "sealed-gpu");

        var placement = PlacementSolver.Solve(Create(modules, Costs, constraints, [link with { Encrypted = true }]), PlacementObjective.Latency);

        Assert.Equal(2, placement.Stages.Count);
        Assert.Throws<PlacementInfeasibleException>(() => PlacementSolver.Solve(Create(modules, Costs, constraints, [link]), PlacementObjective.Latency));
    }

    [Fact]
    public void The_raw_input_goes_to_an_unattested_module_only_when_its_own_exposure_is_within_the_bound()
    {
        var modules = new[] { Module("gpu", 4 * GiB, attested: false), Module("enclave", 4 * GiB) };
        var costs = Costs.Select(row => new[] { row[1], row[0] }).ToArray();

        var free = PlacementSolver.Solve(Create(modules, costs, new PlacementConstraints { Exposure = new ExposureLimit(0.99, 0.98, [0.1, 0.1]) }), PlacementObjective.Latency);
        var bounded = PlacementSolver.Solve(Create(modules, costs, new PlacementConstraints { Exposure = new ExposureLimit(0.3, 0.98, [0.1, 0.1]) }), PlacementObjective.Latency);

        Assert.Equal(["gpu"], ModulesOf(free));
        Assert.Equal("enclave", bounded.Stages[0].ModuleId);
    }

    [Fact]
    public void A_bound_whose_cut_count_does_not_match_the_blocks_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Chain(new ExposureLimit(0.3, 0.98, [0.8])));
        Assert.Throws<ArgumentException>(() => Chain(new ExposureLimit(1.3, 0.98, [0.8, 0.2])));
    }

    private static PlacementProblem Chain(ExposureLimit? limit, long enclaveMemory = 4 * GiB) =>
        Create([Module("enclave", enclaveMemory), Module("gpu", 4 * GiB, attested: false)], Costs, new PlacementConstraints { Attestation = AttestationRequirement.FirstStage, Exposure = limit });
}
