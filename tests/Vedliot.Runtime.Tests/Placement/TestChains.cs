using Vedliot.Runtime.Placement;
using Vedliot.Runtime.Platform;

namespace Vedliot.Runtime.Tests.Placement;

/// <summary>Small hand-made chains for unit tests: block b holds operations 10b .. 10b + 9.</summary>
internal static class TestChains
{
    public const long GiB = 1L << 30;

    /// <summary>Bytes crossing each boundary unless a test says otherwise: 1 MB, 1 ms over <see cref="FastLink"/> plus its 0.1 ms latency.</summary>
    public const long DefaultCrossingBytes = 1_000_000;

    public static PlacementModule Module(string id, long memoryBytes = GiB, bool attested = true, bool allowed = true) => new(id, memoryBytes, attested, allowed);

    public static BlockCost Cost(double latencyMs, double energyJoules = 1, long memoryBytes = 1) => BlockCost.Supported(latencyMs, energyJoules, memoryBytes);

    public static BlockCost Unsupported(string opType) => new(1, 1, 1, [opType]);

    public static Link FastLink(string a, string b) => new(a, b, "10GBASE-KR", 1e9, 0.1);

    /// <summary>A chain with <paramref name="costs"/>[block][module]; every pair of modules linked unless <paramref name="links"/> is given.</summary>
    public static PlacementProblem Create(PlacementModule[] modules, BlockCost[][] costs, PlacementConstraints? constraints = null, Link[]? links = null)
    {
        var allLinks = links ?? modules.SelectMany((a, i) => modules.Skip(i + 1).Select(b => FastLink(a.Id, b.Id))).ToArray();
        return new PlacementProblem(
            modules,
            costs.Select((row, b) => new PlacementBlock(b * 10, (b * 10) + 10, row)),
            Enumerable.Repeat(DefaultCrossingBytes, costs.Length - 1),
            allLinks,
            constraints ?? PlacementConstraints.None);
    }

    public static List<string> ModulesOf(Vedliot.Runtime.Placement.Placement placement) => placement.Stages.Select(s => s.ModuleId).ToList();
}
