using Vedliot.Runtime.Placement;

namespace Vedliot.Runtime.Tests.Placement;

/// <summary>Every placement of a small problem, enumerated: the reference the solver is checked against.</summary>
internal static class BruteForcePlacement
{
    /// <summary>One feasible placement's figures.</summary>
    public sealed record Candidate(IReadOnlyList<(int First, int End, int Module)> Stages, double LatencyMs, double EnergyJoules, double BottleneckMs)
    {
        public double EnergyDelayProduct => LatencyMs / 1000.0 * EnergyJoules;
    }

    /// <summary>Every placement with at most one stage per module that meets every constraint.</summary>
    public static List<Candidate> FeasiblePlacements(PlacementProblem problem)
    {
        var found = new List<Candidate>();
        var blocks = problem.Blocks.Count;
        for (var cutMask = 0; cutMask < 1 << (blocks - 1); cutMask++)
        {
            var bounds = new List<int> { 0 };
            bounds.AddRange(Enumerable.Range(1, blocks - 1).Where(b => (cutMask & (1 << (b - 1))) != 0));
            bounds.Add(blocks);
            Assign(problem, bounds, [], found);
        }

        return found;
    }

    private static void Assign(PlacementProblem problem, List<int> bounds, List<int> modules, List<Candidate> found)
    {
        if (modules.Count == bounds.Count - 1)
        {
            var stages = modules.Select((m, s) => (bounds[s], bounds[s + 1], m)).ToList();
            if (PlacementRules.Violations(problem, stages).Count == 0)
            {
                found.Add(Evaluate(problem, stages));
            }

            return;
        }

        for (var m = 0; m < problem.Modules.Count; m++)
        {
            if (!modules.Contains(m))
            {
                Assign(problem, bounds, [.. modules, m], found);
            }
        }
    }

    private static Candidate Evaluate(PlacementProblem problem, List<(int First, int End, int Module)> stages)
    {
        double latency = 0, energy = 0, bottleneck = 0;
        for (var s = 0; s < stages.Count; s++)
        {
            var (first, end, module) = stages[s];
            var stageLatency = Enumerable.Range(first, end - first).Sum(b => problem.Blocks[b].CostByModule[module].LatencyMs);
            var transfer = s == 0 ? 0 : problem.LinkBetween(stages[s - 1].Module, module)!.TransferMs(problem.BoundaryCrossingBytes[first - 1]);
            latency += stageLatency + transfer;
            energy += Enumerable.Range(first, end - first).Sum(b => problem.Blocks[b].CostByModule[module].EnergyJoules);
            bottleneck = Math.Max(bottleneck, Math.Max(stageLatency, transfer));
        }

        return new Candidate(stages, latency, energy, bottleneck);
    }
}
