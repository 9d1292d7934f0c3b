using Vedliot.Runtime.Placement;
using Vedliot.Runtime.Platform;

namespace Vedliot.Placement.Benchmarks;

/// <summary>
/// Seeded synthetic chains shaped like real profiles: per-block work scaled by each module's speed,
/// energy from its active power, weights that overflow the small accelerators, operators the ASICs lack.
/// </summary>
internal static class SyntheticChains
{
    private const long MiB = 1L << 20;

    /// <summary>Module shapes: id, relative speed, active watts, memory MiB, attested, runs every operator.</summary>
    private static readonly (string Id, double Speed, double Watts, long MemoryMiB, bool Attested, bool RunsAll)[] Shapes =
    [
        ("xeon-d", 1.0, 45, 32_768, true, true),
        ("arm-a72", 0.35, 8, 4_096, true, true),
        ("jetson-agx", 4.0, 30, 16_384, false, true),
        ("jetson-nx", 2.0, 15, 8_192, true, true),
        ("zu15eg-dpu", 3.0, 12, 2_048, true, false),
        ("hailo-8", 6.0, 2.5, 32, false, false),
        ("coral-tpu", 2.5, 2, 8, false, false),
        ("alveo-u50", 5.0, 50, 8_192, false, false),
    ];

    /// <summary>A chain of <paramref name="cuts"/> + 1 blocks on the first <paramref name="moduleCount"/> module shapes.</summary>
    public static PlacementProblem Create(int cuts, int moduleCount, int seed, PlacementConstraints constraints)
    {
        var random = new Random(seed);
        var shapes = Shapes.Take(moduleCount).ToArray();
        var modules = shapes.Select(s => new PlacementModule(s.Id, s.MemoryMiB * MiB, s.Attested)).ToList();
        var blocks = new List<PlacementBlock>();
        for (var b = 0; b <= cuts; b++)
        {
            var cpuMs = 0.05 + (random.NextDouble() * 2.0);
            var weights = (long)(random.NextDouble() * 0.4 * MiB * 10);
            var exotic = random.NextDouble() < 0.08;
            var costs = shapes.Select(s => new BlockCost(
                (cpuMs / s.Speed) + 0.01,
                (cpuMs / s.Speed) / 1000.0 * s.Watts,
                weights,
                s.RunsAll || !exotic ? [] : ["Sigmoid"])).ToList();
            blocks.Add(new PlacementBlock(b, b + 1, costs));
        }

        var crossing = Enumerable.Range(0, cuts).Select(_ => (long)(random.NextDouble() * 4 * MiB)).ToList();
        var links = new List<Link>();
        for (var a = 0; a < shapes.Length; a++)
        {
            for (var c = a + 1; c < shapes.Length; c++)
            {
                // A 10 GbE fabric joins every module; a few pairs lack a direct path.
                if ((a + c) % 7 != 3)
                {
                    links.Add(new Link(shapes[a].Id, shapes[c].Id, "10GBASE-KR", 1.25e9, 0.05));
                }
            }
        }

        return new PlacementProblem(modules, blocks, crossing, links, constraints);
    }

    /// <summary>
    /// A fleet: <paramref name="modules"/> modules in <paramref name="classCount"/> classes (the eight shapes, then
    /// slower bins of them), members spread evenly, with fixed costs per stage, codec cost, link energy, and a
    /// 10 GbE fabric joining every class to every other and to itself.
    /// </summary>
    public static PlacementProblem Fleet(int cuts, int modules, int classCount, int seed)
    {
        var random = new Random(seed);
        var classes = Enumerable.Range(0, classCount).Select(c =>
        {
            var shape = Shapes[c % Shapes.Length];
            var bin = c / Shapes.Length;
            return (Id: bin == 0 ? shape.Id : $"{shape.Id}-bin{bin}", Speed: shape.Speed / (1 + (0.25 * bin)), shape.Watts, shape.MemoryMiB, shape.Attested, shape.RunsAll);
        }).ToArray();
        var placementModules = classes.Select((k, c) => new PlacementModule(k.Id, k.MemoryMiB * MiB, k.Attested)
        {
            Overhead = new StageOverhead(0.05 + (0.05 * (c % 4)), k.Watts * (0.05 + (0.05 * (c % 4))) / 1000),
            BusyWatts = k.Watts,
            Members = [.. Enumerable.Range(0, (modules / classCount) + (c < modules % classCount ? 1 : 0)).Select(i => $"{k.Id}/{i}")],
        }).ToList();
        var blocks = new List<PlacementBlock>();
        for (var b = 0; b <= cuts; b++)
        {
            var cpuMs = 0.05 + (random.NextDouble() * 2.0);
            var weights = (long)(random.NextDouble() * 0.4 * MiB * 10);
            var exotic = random.NextDouble() < 0.08;
            blocks.Add(new PlacementBlock(b, b + 1, classes.Select(k => new BlockCost(
                cpuMs / k.Speed,
                cpuMs / k.Speed / 1000.0 * k.Watts,
                weights,
                k.RunsAll || !exotic ? [] : ["Sigmoid"])).ToList()));
        }

        var crossing = Enumerable.Range(0, cuts).Select(_ => (long)(random.NextDouble() * 4 * MiB)).ToList();
        var links = new List<Link>();
        for (var a = 0; a < classes.Length; a++)
        {
            for (var c = a; c < classes.Length; c++)
            {
                links.Add(new Link(classes[a].Id, classes[c].Id, "10GBASE-KR", 1.25e9, 0.02, 30e-12 * 8, 2));
            }
        }

        return new PlacementProblem(placementModules, blocks, crossing, links, PlacementConstraints.None, new TensorCodecCost(0.01, 0.2e-6, 0.012, 0.13e-6));
    }
}
