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

    /// <summary>Every placement with at most one stage per module (per member of a class) that meets every constraint.</summary>
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
            if (modules.Count(used => used == m) < problem.Modules[m].Count)
            {
                Assign(problem, bounds, [.. modules, m], found);
            }
        }
    }

    /// <summary>The figures of <paramref name="stages"/>, straight from the cost model's definition.</summary>
    public static Candidate Evaluate(PlacementProblem problem, IReadOnlyList<(int First, int End, int Module)> stages)
    {
        double latency = 0, energy = 0, bottleneck = 0;
        for (var s = 0; s < stages.Count; s++)
        {
            var (first, end, module) = stages[s];
            var overhead = problem.Modules[module].Overhead;
            var stageLatency = overhead.LatencyMs + Enumerable.Range(first, end - first).Sum(b => problem.Blocks[b].CostByModule[module].LatencyMs);
            var stageEnergy = overhead.EnergyJoules + Enumerable.Range(first, end - first).Sum(b => problem.Blocks[b].CostByModule[module].EnergyJoules);
            double handoverMs = 0, handoverJoules = 0;
            if (s > 0)
            {
                var bytes = problem.BoundaryCrossingBytes[first - 1];
                // One module handing over to itself (a hand-made placement) moves nothing over a link.
                var link = problem.LinkBetween(stages[s - 1].Module, module);
                var encodeMs = problem.Codec.EncodeFixedMs + (bytes * problem.Codec.EncodeMsPerByte);
                var decodeMs = problem.Codec.DecodeFixedMs + (bytes * problem.Codec.DecodeMsPerByte);
                var transferMs = link is null ? 0 : link.LatencyMs + (bytes / link.BandwidthBytesPerSecond * 1000);
                handoverMs = encodeMs + transferMs + decodeMs;
                handoverJoules = (problem.Modules[stages[s - 1].Module].BusyWatts * encodeMs / 1000) + (link is null ? 0 : (bytes * link.EnergyJoulesPerByte) + (link.BusyWatts * transferMs / 1000)) + (problem.Modules[module].BusyWatts * decodeMs / 1000);
            }

            latency += stageLatency + handoverMs;
            energy += stageEnergy + handoverJoules;
            bottleneck = Math.Max(bottleneck, Math.Max(stageLatency, handoverMs));
        }

        return new Candidate(stages, latency, energy, bottleneck);
    }
}
