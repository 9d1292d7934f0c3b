using FsCheck;
using FsCheck.Fluent;
using Vedliot.Runtime.Placement;
using Vedliot.Runtime.Platform;

namespace Vedliot.Runtime.Tests.Placement;

/// <summary>
/// Random small problems built so that Pareto-optimal placements lie off the convex hull of the latency/energy
/// front: every module is fast and hungry, slow and frugal, or in between at a point above the line joining the
/// two (latency and energy each 0.6 of the slow side), with a little jitter; every pair is linked.
/// </summary>
internal static class OffHullPlacementProblems
{
    public static Arbitrary<PlacementProblem> Arbitrary { get; } = Generator().ToArbitrary();

    private static Gen<PlacementProblem> Generator() =>
        from blockCount in Gen.Choose(1, 5)
        from moduleCount in Gen.Choose(2, 4)
        from kinds in Gen.ArrayOf(Gen.Choose(0, 2), moduleCount)
        from work in Gen.ArrayOf(Gen.Choose(1, 10), blockCount)
        from jitter in Gen.ArrayOf(Gen.Choose(90, 110), blockCount * moduleCount * 2)
        from overheads in Gen.ArrayOf(Gen.Choose(0, 50), moduleCount)
        from crossing in Gen.ArrayOf(Gen.Choose(0, 10_000), blockCount - 1)
        select Build(kinds, work, jitter, overheads, crossing);

    private static PlacementProblem Build(int[] kinds, int[] work, int[] jitter, int[] overheads, int[] crossing)
    {
        // (latency ms, energy J) per unit of work for the three kinds.
        (double Latency, double Energy)[] shapes = [(1, 10), (10, 1), (6, 6)];
        var ids = kinds.Select((_, m) => $"m{m}").ToList();
        var modules = kinds.Select((_, m) => new PlacementModule(ids[m], long.MaxValue, IsAttested: true) { Overhead = new StageOverhead(overheads[m] / 100.0, overheads[m] / 1000.0), BusyWatts = 5 });
        var blocks = work.Select((w, b) => new PlacementBlock(b, b + 1, kinds.Select((kind, m) =>
        {
            var j = 2 * ((b * kinds.Length) + m);
            return BlockCost.Supported(w * shapes[kind].Latency * jitter[j] / 100.0, w * shapes[kind].Energy * jitter[j + 1] / 100.0, 1);
        }).ToList()));
        var links = new List<Link>();
        for (var a = 0; a < ids.Count; a++)
        {
            for (var c = a + 1; c < ids.Count; c++)
            {
                links.Add(new Link(ids[a], ids[c], "test", 1e7, 0.05, 1e-9, 1));
            }
        }

        return new PlacementProblem(modules, blocks, crossing.Select(c => (long)c), links, PlacementConstraints.None, new TensorCodecCost(0.01, 1e-6, 0.01, 1e-6));
    }
}
