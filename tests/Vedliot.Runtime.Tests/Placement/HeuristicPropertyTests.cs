using FsCheck;
using FsCheck.Fluent;
using Vedliot.Runtime.Placement;

namespace Vedliot.Runtime.Tests.Placement;

/// <summary>
/// Past the exact reach the solver drops over-used classes and says so: with a reach of 1 layer (every over-used class is dropped), every placement
/// still meets every constraint, is never better than the optimum, equals it when not marked heuristic, and a
/// failure to find one says it was the heuristic that failed.
/// </summary>
public sealed class HeuristicPropertyTests
{
    private const int Instances = 1000;
    private const double Tolerance = 1e-9;

    [Fact]
    public void Beyond_reach_placements_stay_feasible_never_beat_the_optimum_and_are_marked_heuristic()
    {
        var heuristic = 0;
        Check.One(DeterministicChecks.Replay(5150UL, Instances), Prop.ForAll(RandomPlacementProblems.Arbitrary, problem =>
        {
            var candidates = BruteForcePlacement.FeasiblePlacements(problem);
            Vedliot.Runtime.Placement.Placement placement;
            try
            {
                placement = PlacementSolver.Solve(problem, PlacementObjective.Latency, reach: 1);
            }
            catch (PlacementInfeasibleException e)
            {
                Assert.True(candidates.Count == 0 || e.Message.StartsWith("the heuristic search", StringComparison.Ordinal), e.Message);
                heuristic += candidates.Count > 0 ? 1 : 0;
                return;
            }

            Assert.Empty(PlacementRules.Violations(problem, PlacementRules.StagesOf(problem, placement)));
            var optimum = candidates.Min(c => c.LatencyMs);
            Assert.True(placement.LatencyMs >= optimum - Tolerance);
            if (placement.IsHeuristic)
            {
                heuristic++;
            }
            else
            {
                Assert.Equal(optimum, placement.LatencyMs, Tolerance);
            }
        }));

        Assert.True(heuristic >= 20, $"only {heuristic} of {Instances} instances went past the reach");
    }
}
