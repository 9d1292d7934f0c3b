using Vedliot.Runtime.Models;

namespace Vedliot.Runtime.Profiling;

/// <summary>
/// Chooses the cuts a profile is made at. Profiling every cut of a large model on every module would
/// take too long, so the operations are divided into equal windows and, around each window boundary,
/// the cut with the fewest bytes crossing is taken: the cheap places to hand data between modules.
/// </summary>
public static class CandidateCuts
{
    /// <summary>Up to <paramref name="count"/> ascending cut positions of <paramref name="graph"/>.</summary>
    /// <param name="graph">The model.</param>
    /// <param name="count">How many cuts at most.</param>
    /// <param name="crossingBytes">Bytes crossing a cut (measured or declared).</param>
    public static IReadOnlyList<int> Choose(ModelGraph graph, int count, Func<CutPoint, long> crossingBytes)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(crossingBytes);
        var cuts = graph.CutPoints;
        if (cuts.Count <= count)
        {
            return cuts.Select(c => c.Position).ToList();
        }

        var operations = graph.Operations.Count;
        var window = (double)operations / (count + 1);
        var chosen = new List<int>();
        for (var k = 1; k <= count; k++)
        {
            var ideal = k * window;
            var low = Math.Max(chosen.Count > 0 ? chosen[^1] + 1 : 1, (int)Math.Ceiling(ideal - (window / 2)));
            var high = Math.Min(operations - 1, (int)Math.Floor(ideal + (window / 2)));
            var best = Enumerable.Range(low, Math.Max(0, high - low + 1))
                .Select(p => cuts[p - 1])
                .OrderBy(crossingBytes)
                .ThenBy(c => Math.Abs(c.Position - ideal))
                .FirstOrDefault();
            if (best is not null)
            {
                chosen.Add(best.Position);
            }
        }

        return chosen;
    }
}
