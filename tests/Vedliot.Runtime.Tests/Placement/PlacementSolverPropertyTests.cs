using FsCheck;
using FsCheck.Fluent;
using Vedliot.Runtime.Placement;

namespace Vedliot.Runtime.Tests.Placement;

public sealed class PlacementSolverPropertyTests
{
    private const int Instances = 1000;
    private const double RelativeTolerance = 1e-9;

    // A fixed replay seed makes every run draw the same instances.
    private static readonly Config Deterministic = DeterministicChecks.Replay(20261122UL, Instances);

    [Theory]
    [InlineData(PlacementObjective.Latency)]
    [InlineData(PlacementObjective.Energy)]
    [InlineData(PlacementObjective.EnergyDelayProduct)]
    [InlineData(PlacementObjective.Throughput)]
    public void Solver_and_baselines_match_brute_force_and_meet_every_constraint(PlacementObjective objective)
    {
        var checkedFeasible = 0;
        Check.One(Deterministic, Prop.ForAll(RandomPlacementProblems.Arbitrary, problem =>
        {
            if (MatchesBruteForce(problem, objective))
            {
                checkedFeasible++;
            }
        }));

        // The generator must not drift into producing only infeasible problems.
        Assert.InRange(checkedFeasible, Instances / 4, Instances);
    }

    private static bool MatchesBruteForce(PlacementProblem problem, PlacementObjective objective)
    {
        var candidates = BruteForcePlacement.FeasiblePlacements(problem);
        if (candidates.Count == 0)
        {
            Assert.Throws<PlacementInfeasibleException>(() => PlacementSolver.SolveWithBaselines(problem, objective));
            return false;
        }

        var report = PlacementSolver.SolveWithBaselines(problem, objective);
        AssertOptimal(problem, candidates, report.Placement, objective);
        AssertBaseline(problem, candidates.Where(c => c.Stages.Count == 1).ToList(), report.BestSingleModule, report.Placement, objective);
        AssertBaseline(problem, candidates.Where(c => c.Stages.Count == 2).ToList(), report.BestTwoWaySplit, report.Placement, objective);
        return true;
    }

    private static void AssertBaseline(PlacementProblem problem, List<BruteForcePlacement.Candidate> candidates, PlacementBaseline baseline, Vedliot.Runtime.Placement.Placement placement, PlacementObjective objective)
    {
        if (candidates.Count == 0)
        {
            Assert.Null(baseline.Placement);
            Assert.False(string.IsNullOrEmpty(baseline.InfeasibleReason));
            return;
        }

        AssertOptimal(problem, candidates, baseline.Placement!, objective);
        AssertClose(placement.ObjectiveValue / baseline.Placement!.ObjectiveValue, baseline.Ratio!.Value);
    }

    private static void AssertOptimal(PlacementProblem problem, List<BruteForcePlacement.Candidate> candidates, Vedliot.Runtime.Placement.Placement placement, PlacementObjective objective)
    {
        Assert.Empty(PlacementRules.Violations(problem, PlacementRules.StagesOf(problem, placement)));
        switch (objective)
        {
            case PlacementObjective.Latency:
                AssertClose(candidates.Min(c => c.LatencyMs), placement.LatencyMs);
                break;
            case PlacementObjective.Energy:
                AssertClose(candidates.Min(c => c.EnergyJoules), placement.EnergyJoules);
                break;
            case PlacementObjective.EnergyDelayProduct:
                AssertClose(candidates.Min(c => c.EnergyDelayProduct), placement.EnergyDelayProductJouleSeconds);
                break;
            default:
                var bottleneck = candidates.Min(c => c.BottleneckMs);
                AssertClose(bottleneck, placement.BottleneckMs);
                AssertClose(candidates.Where(c => c.BottleneckMs <= bottleneck * (1 + RelativeTolerance)).Min(c => c.LatencyMs), placement.LatencyMs);
                break;
        }
    }

    private static void AssertClose(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= RelativeTolerance * Math.Max(1, Math.Abs(expected)), $"expected {expected}, solver gave {actual}");
}
