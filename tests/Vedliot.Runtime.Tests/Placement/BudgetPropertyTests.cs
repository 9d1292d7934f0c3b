using FsCheck;
using FsCheck.Fluent;
using Vedliot.Runtime.Placement;
using Vedliot.Runtime.Platform;

namespace Vedliot.Runtime.Tests.Placement;

/// <summary>
/// Budgets are solved exactly: against every placement enumerated, on budgets set at Pareto-optimal placements
/// that lie off the convex hull of the latency/energy front (where the hull-only search missed them).
/// </summary>
public sealed class BudgetPropertyTests
{
    private const int Instances = 1000;
    private const double Tolerance = 1e-9;

    // A fixed replay seed makes every run draw the same instances.
    private static readonly Config Deterministic = DeterministicChecks.Replay(9090UL, Instances);

    [Fact]
    public void Least_latency_under_an_energy_budget_and_least_energy_under_a_latency_budget_equal_brute_force_off_the_hull()
    {
        var offHull = 0;
        Check.One(Deterministic, Prop.ForAll(OffHullPlacementProblems.Arbitrary, problem =>
        {
            var candidates = BruteForcePlacement.FeasiblePlacements(problem);
            var hull = PlacementSolver.LatencyEnergyFront(problem);
            var inside = OffHullParetoPoints(candidates, hull);
            foreach (var point in inside)
            {
                offHull++;
                var energyBudget = new PlacementBudgets(null, point.EnergyJoules);
                var fastest = PlacementSolver.SolveWithinBudgets(problem, PlacementObjective.Latency, energyBudget);
                var expected = candidates.Where(c => energyBudget.Allow(c.LatencyMs, c.EnergyJoules)).Min(c => c.LatencyMs);
                Assert.Equal(expected, fastest.LatencyMs, Tolerance);
                AssertFeasibleWithin(problem, fastest, energyBudget);

                // The hull alone would have answered with a slower placement.
                Assert.True(hull.Where(energyBudget.AreMetBy).Min(p => p.LatencyMs) > expected + Tolerance);

                var latencyBudget = new PlacementBudgets(point.LatencyMs, null);
                var frugal = PlacementSolver.SolveWithinBudgets(problem, PlacementObjective.Energy, latencyBudget);
                Assert.Equal(candidates.Where(c => latencyBudget.Allow(c.LatencyMs, c.EnergyJoules)).Min(c => c.EnergyJoules), frugal.EnergyJoules, Tolerance);
                AssertFeasibleWithin(problem, frugal, latencyBudget);
            }
        }));

        // The property says nothing unless the instances do have optima off the hull.
        Assert.True(offHull >= Instances / 2, $"only {offHull} off-hull optima among {Instances} instances");
    }

    [Fact]
    public void Every_objective_under_both_budgets_equals_brute_force_or_is_refused_when_nothing_meets_them()
    {
        Check.One(DeterministicChecks.Replay(7070UL, Instances), Prop.ForAll(RandomPlacementProblems.Arbitrary, Gen.Choose(0, 100).ToArbitrary(), Gen.Choose(0, 100).ToArbitrary(), (problem, latencyShare, energyShare) =>
        {
            var candidates = BruteForcePlacement.FeasiblePlacements(problem);
            if (candidates.Count == 0)
            {
                return;
            }

            // Budgets between the least and the most any placement needs, so that some bind and some cannot be met.
            var budgets = new PlacementBudgets(Between(candidates.Select(c => c.LatencyMs), latencyShare), Between(candidates.Select(c => c.EnergyJoules), energyShare));
            var within = candidates.Where(c => budgets.Allow(c.LatencyMs, c.EnergyJoules)).ToList();
            foreach (var objective in Enum.GetValues<PlacementObjective>())
            {
                if (within.Count == 0)
                {
                    var error = Assert.Throws<PlacementInfeasibleException>(() => PlacementSolver.SolveWithinBudgets(problem, objective, budgets));
                    Assert.Contains("no placement meets the budgets", error.Message, StringComparison.Ordinal);
                    continue;
                }

                var placement = PlacementSolver.SolveWithinBudgets(problem, objective, budgets);
                AssertFeasibleWithin(problem, placement, budgets);
                Assert.Equal(
                    objective switch
                    {
                        PlacementObjective.Latency => within.Min(c => c.LatencyMs),
                        PlacementObjective.Energy => within.Min(c => c.EnergyJoules),
                        PlacementObjective.EnergyDelayProduct => within.Min(c => c.EnergyDelayProduct),
                        _ => within.Min(c => c.BottleneckMs),
                    },
                    objective switch
                    {
                        PlacementObjective.Latency => placement.LatencyMs,
                        PlacementObjective.Energy => placement.EnergyJoules,
                        PlacementObjective.EnergyDelayProduct => placement.EnergyDelayProductJouleSeconds,
                        _ => placement.BottleneckMs,
                    },
                    Tolerance);
            }
        }));
    }

    [Fact]
    public void A_middle_module_inside_the_hull_is_chosen_when_the_energy_budget_rules_out_the_fast_one()
    {
        // One block on three modules: (1 ms, 10 J), (10 ms, 1 J) and (6 ms, 6 J); the last lies above the line between the others.
        var modules = new[] { "fast", "frugal", "middle" }.Select(id => new PlacementModule(id, 1000, IsAttested: true));
        var block = new PlacementBlock(0, 1, [BlockCost.Supported(1, 10, 1), BlockCost.Supported(10, 1, 1), BlockCost.Supported(6, 6, 1)]);
        var problem = new PlacementProblem(modules, [block], [], Array.Empty<Link>(), PlacementConstraints.None);

        var placement = PlacementSolver.SolveWithinBudgets(problem, PlacementObjective.Latency, new PlacementBudgets(null, 6));

        Assert.Equal("middle", Assert.Single(placement.Stages).ModuleId);
        Assert.DoesNotContain(PlacementSolver.LatencyEnergyFront(problem), p => p.Stages[0].ModuleId == "middle");
    }

    /// <summary>Pareto-optimal (latency, energy) points of the candidates that are not vertices of the hull, strictly above it.</summary>
    private static List<BruteForcePlacement.Candidate> OffHullParetoPoints(List<BruteForcePlacement.Candidate> candidates, IReadOnlyList<Vedliot.Runtime.Placement.Placement> hull)
    {
        var pareto = candidates
            .Where(c => !candidates.Any(o => o.LatencyMs <= c.LatencyMs && o.EnergyJoules <= c.EnergyJoules && (o.LatencyMs < c.LatencyMs - Tolerance || o.EnergyJoules < c.EnergyJoules - Tolerance)))
            .ToList();
        return pareto
            .Where(c => hull.All(h => Math.Abs(h.LatencyMs - c.LatencyMs) > 1e-6 || Math.Abs(h.EnergyJoules - c.EnergyJoules) > 1e-6))
            .Where(c => hull.Where(h => h.EnergyJoules <= c.EnergyJoules).Select(h => h.LatencyMs).DefaultIfEmpty(double.PositiveInfinity).Min() > c.LatencyMs + 1e-6)
            .DistinctBy(c => (Math.Round(c.LatencyMs, 6), Math.Round(c.EnergyJoules, 6)))
            .ToList();
    }

    private static double Between(IEnumerable<double> values, int share)
    {
        var list = values.ToList();
        return list.Min() + ((list.Max() - list.Min()) * share / 100.0);
    }

    private static void AssertFeasibleWithin(PlacementProblem problem, Vedliot.Runtime.Placement.Placement placement, PlacementBudgets budgets)
    {
        Assert.Empty(PlacementRules.Violations(problem, PlacementRules.StagesOf(problem, placement)));
        var evaluated = BruteForcePlacement.Evaluate(problem, PlacementRules.StagesOf(problem, placement));
        Assert.Equal(evaluated.LatencyMs, placement.LatencyMs, Tolerance);
        Assert.Equal(evaluated.EnergyJoules, placement.EnergyJoules, Tolerance);
        Assert.True(budgets.AreMetBy(placement));
    }
}
