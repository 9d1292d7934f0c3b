using FsCheck;
using FsCheck.Fluent;
using Vedliot.Runtime.Placement;
using Vedliot.Runtime.Platform;

namespace Vedliot.Runtime.Tests.Placement;

/// <summary>
/// Random small placement problems (1-6 blocks, 1-4 modules, some of them classes of 2 or 3 identical members,
/// linked to themselves or not) that touch every constraint and every part of the cost model (fixed costs per
/// stage, codec, link energy), for property tests.
/// </summary>
internal static class RandomPlacementProblems
{
    public static Arbitrary<PlacementProblem> Arbitrary { get; } = Generator().ToArbitrary();

    private static Gen<PlacementProblem> Generator() =>
        from blockCount in Gen.Choose(1, 6)
        from moduleCount in Gen.Choose(1, 4)
        from modules in Gen.ArrayOf(Module(), moduleCount)
        from blocks in Gen.ArrayOf(Gen.ArrayOf(Cost(), moduleCount), blockCount)
        from crossing in Gen.ArrayOf(Gen.Choose(0, 10_000), blockCount - 1)
        from links in Gen.ArrayOf(LinkOrNone(), moduleCount * moduleCount)
        from attestation in Gen.Elements(AttestationRequirement.None, AttestationRequirement.FirstStage, AttestationRequirement.AllStages)
        from maxStages in Gen.Choose(0, moduleCount)
        from pins in Gen.ArrayOf(Gen.Choose(-6 * moduleCount, moduleCount - 1), blockCount)
        from codec in Codec()
        select Build(modules, blocks, crossing, links, attestation, maxStages, pins, codec);

    private static Gen<TensorCodecCost> Codec() =>
        from encodeFixed in Gen.Choose(0, 50)
        from encodePerKb in Gen.Choose(0, 20)
        from decodeFixed in Gen.Choose(0, 50)
        from decodePerKb in Gen.Choose(0, 20)
        select new TensorCodecCost(encodeFixed / 100.0, encodePerKb / 1e5, decodeFixed / 100.0, decodePerKb / 1e5);

    private static Gen<PlacementModule> Module() =>
        from capacity in Gen.Choose(3, 30)
        from attested in Gen.Elements(true, true, false)
        from allowed in Gen.Elements(true, true, true, true, true, false)
        from fixedMs in Gen.Choose(0, 300)
        from fixedMillijoules in Gen.Choose(0, 300)
        from busyWatts in Gen.Choose(0, 40)
        from members in Gen.Elements(1, 1, 1, 2, 3)
        select new PlacementModule("?", capacity * 100L, attested, allowed) { Overhead = new StageOverhead(fixedMs / 100.0, fixedMillijoules / 1000.0), BusyWatts = busyWatts, Members = [.. Enumerable.Range(0, members).Select(i => $"?{i}")] };

    private static Gen<BlockCost> Cost() =>
        from latency in Gen.Choose(1, 1000)
        from energy in Gen.Choose(1, 1000)
        from memory in Gen.Choose(1, 10)
        from supported in Gen.Elements(true, true, true, true, true, true, false)
        select new BlockCost(latency / 100.0, energy / 1000.0, memory * 100L, supported ? [] : ["Sigmoid"]);

    private static Gen<(bool Present, Link Link)> LinkOrNone() =>
        from present in Gen.Elements(true, true, true, false)
        from bandwidth in Gen.Choose(1, 100)
        from latency in Gen.Choose(0, 200)
        from nanojoulesPerByte in Gen.Choose(0, 100)
        from busyWatts in Gen.Choose(0, 20)
        select (present, new Link("?", "?", "test", bandwidth * 100_000.0, latency / 100.0, nanojoulesPerByte * 1e-9, busyWatts));

    private static PlacementProblem Build(
        PlacementModule[] modules,
        BlockCost[][] costs,
        int[] crossing,
        (bool Present, Link Link)[] links,
        AttestationRequirement attestation,
        int maxStages,
        int[] pins,
        TensorCodecCost codec)
    {
        var ids = modules.Select((_, m) => $"m{m}").ToList();
        var placementModules = modules.Select((spec, m) => spec with { Id = ids[m], Members = spec.Count == 1 ? [ids[m]] : [.. Enumerable.Range(0, spec.Count).Select(i => $"{ids[m]}.{i}")] });
        var blocks = costs.Select((row, b) => new PlacementBlock(b * 10, (b * 10) + 10, row));
        var platformLinks = new List<Link>();
        for (var a = 0; a < modules.Length; a++)
        {
            // The draws on the diagonal link the members of a class to each other.
            for (var b = modules[a].Count > 1 ? a : a + 1; b < modules.Length; b++)
            {
                var link = links[(a * modules.Length) + b];
                if (link.Present)
                {
                    platformLinks.Add(link.Link with { From = ids[a], To = ids[b] });
                }
            }
        }

        // Negative draws leave a block unpinned, so most blocks are free.
        var pinned = pins.Select((m, b) => (Block: b, Module: m)).Where(p => p.Module >= 0).ToDictionary(p => p.Block, p => ids[p.Module]);
        var constraints = new PlacementConstraints { Attestation = attestation, MaxStages = maxStages == 0 ? null : maxStages, PinnedBlocks = pinned };
        return new PlacementProblem(placementModules, blocks, crossing.Select(c => (long)c), platformLinks, constraints, codec);
    }
}
