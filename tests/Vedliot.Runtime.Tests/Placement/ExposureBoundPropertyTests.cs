using FsCheck;
using FsCheck.Fluent;
using Vedliot.Runtime.Placement;

namespace Vedliot.Runtime.Tests.Placement;

public sealed class ExposureBoundPropertyTests
{
    private const int Instances = 1000;
    private const double RelativeTolerance = 1e-9;

    private static readonly Config Deterministic = DeterministicChecks.Replay(20261204UL, Instances);

    private static readonly Arbitrary<PlacementProblem> Bounded = (
        from problem in RandomPlacementProblems.Arbitrary.Generator
        from max in Gen.Choose(0, 10)
        from input in Gen.Choose(0, 10)
        from cuts in Gen.ArrayOf(Gen.Choose(0, 10), 5)
        from encrypted in Gen.ArrayOf(Gen.Elements(true, false), 6)
        select WithExposure(problem, max / 10.0, input / 10.0, cuts, encrypted)).ToArbitrary();

    [Theory]
    [InlineData(PlacementObjective.Latency)]
    [InlineData(PlacementObjective.Energy)]
    [InlineData(PlacementObjective.Throughput)]
    public void Placements_under_an_exposure_bound_match_brute_force_and_never_reveal_a_cut_over_it(PlacementObjective objective)
    {
        int feasible = 0, boundBites = 0;
        Check.One(Deterministic, Prop.ForAll(Bounded, problem =>
        {
            var candidates = BruteForcePlacement.FeasiblePlacements(problem);
            var unbounded = Unbounded(problem);
            if (candidates.Count == 0)
            {
                var error = Assert.Throws<PlacementInfeasibleException>(() => PlacementSolver.Solve(problem, objective));
                if (BruteForcePlacement.FeasiblePlacements(unbounded).Count > 0)
                {
                    // Only the bound stands in the way, and the diagnosis says so.
                    Assert.StartsWith("max_exposure", error.Message, StringComparison.Ordinal);
                    boundBites++;
                }

                return;
            }

            feasible++;
            var placement = PlacementSolver.Solve(problem, objective);
            Assert.Empty(PlacementRules.Violations(problem, PlacementRules.StagesOf(problem, placement)));
            var expected = objective switch
            {
                PlacementObjective.Latency => candidates.Min(c => c.LatencyMs),
                PlacementObjective.Energy => candidates.Min(c => c.EnergyJoules),
                _ => candidates.Min(c => c.BottleneckMs),
            };
            var actual = objective switch
            {
                PlacementObjective.Latency => placement.LatencyMs,
                PlacementObjective.Energy => placement.EnergyJoules,
                _ => placement.BottleneckMs,
            };
            Assert.True(Math.Abs(expected - actual) <= RelativeTolerance * Math.Max(1, Math.Abs(expected)), $"expected {expected}, solver gave {actual}");
        }));

        // The draws must exercise both feasible problems and problems only the bound makes infeasible.
        Assert.InRange(feasible, Instances / 5, Instances);
        Assert.InRange(boundBites, Instances / 50, Instances);
    }

    private static PlacementProblem WithExposure(PlacementProblem problem, double max, double input, int[] cuts, bool[] encrypted) =>
        new(
            problem.Modules,
            problem.Blocks,
            problem.BoundaryCrossingBytes,
            problem.Links.Select((l, i) => l with { Encrypted = encrypted[i % encrypted.Length] }),
            problem.Constraints with { Exposure = new ExposureLimit(max, input, [.. cuts.Take(problem.Blocks.Count - 1).Select(c => c / 10.0)]) });

    private static PlacementProblem Unbounded(PlacementProblem problem) =>
        new(problem.Modules, problem.Blocks, problem.BoundaryCrossingBytes, problem.Links, problem.Constraints with { Exposure = null });
}
