using FsCheck;
using FsCheck.Fluent;
using Vedliot.Runtime.Placement;

namespace Vedliot.Runtime.Tests.Placement;

public sealed class LatencyEnergyFrontPropertyTests
{
    private const int Instances = 1000;
    private const double Tolerance = 1e-9;

    // A fixed replay seed makes every run draw the same instances.
    private static readonly Config Deterministic = DeterministicChecks.Replay(4242UL, Instances);

    [Fact]
    public void The_front_runs_from_the_fastest_to_the_most_frugal_placement_and_no_placement_lies_below_it()
    {
        Check.One(Deterministic, Prop.ForAll(RandomPlacementProblems.Arbitrary, problem =>
        {
            var candidates = BruteForcePlacement.FeasiblePlacements(problem);
            var front = PlacementSolver.LatencyEnergyFront(problem);
            if (candidates.Count == 0)
            {
                Assert.Empty(front);
                return;
            }

            Assert.Equal(candidates.Min(c => c.LatencyMs), front[0].LatencyMs, Tolerance);
            Assert.Equal(candidates.Min(c => c.EnergyJoules), front[^1].EnergyJoules, Tolerance);
            for (var i = 1; i < front.Count; i++)
            {
                Assert.True(front[i].LatencyMs > front[i - 1].LatencyMs && front[i].EnergyJoules < front[i - 1].EnergyJoules, "the front must trade latency for energy");
                var (a, b) = (front[i - 1], front[i]);

                // Every feasible point lies on or above the line through two neighbouring hull vertices.
                var latencyWeight = a.EnergyJoules - b.EnergyJoules;
                var energyWeight = b.LatencyMs - a.LatencyMs;
                var onLine = (latencyWeight * a.LatencyMs) + (energyWeight * a.EnergyJoules);
                Assert.All(candidates, c => Assert.True((latencyWeight * c.LatencyMs) + (energyWeight * c.EnergyJoules) >= onLine - (Tolerance * Math.Max(1, Math.Abs(onLine)))));
            }
        }));
    }
}
