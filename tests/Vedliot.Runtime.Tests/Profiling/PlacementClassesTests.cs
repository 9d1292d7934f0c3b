using Vedliot.Runtime.Execution;
using Vedliot.Runtime.Placement;
using Vedliot.Runtime.Platform;
using Vedliot.Runtime.Profiling;
using Vedliot.Testing.Runtime;

namespace Vedliot.Runtime.Tests.Profiling;

public sealed class PlacementClassesTests
{
    private static readonly Module Cpu = TestModules.LocalCpu();

    [Fact]
    public void Identical_modules_linked_alike_become_one_class_whose_members_take_the_stages_in_order()
    {
        var npus = Npus(3);
        var inventory = new Inventory([Cpu, .. npus], [.. FullyLinked([Cpu, .. npus])]);
        var table = ClassProfiles.ForMembers(Table([Cpu, npus[0]]), ModuleClasses.Group(inventory.Modules));

        var problem = PlacementProblems.FromProfile(table, inventory, PlacementConstraints.None, _ => true, new HashSet<string>());

        Assert.Equal(["cpu", "npu0"], problem.Modules.Select(m => m.Id));
        Assert.Equal(["npu0", "npu1", "npu2"], problem.Modules[1].Members);
        Assert.NotNull(problem.LinkBetween(1, 1));
        var placement = PlacementSolver.Solve(problem, PlacementObjective.Throughput);
        Assert.Equal(["npu0", "npu1", "npu2"], placement.Stages.Select(s => s.ModuleId));
        Assert.False(placement.IsHeuristic);
    }

    [Fact]
    public void A_member_linked_differently_splits_its_class_into_single_modules()
    {
        var npus = Npus(3);
        var links = FullyLinked([Cpu, .. npus]).Where(l => !l.Joins("npu1", "npu2")).ToList();
        var inventory = new Inventory([Cpu, .. npus], links);
        var table = ClassProfiles.ForMembers(Table([Cpu, npus[0]]), ModuleClasses.Group(inventory.Modules));

        var problem = PlacementProblems.FromProfile(table, inventory, PlacementConstraints.None, _ => true, new HashSet<string>());

        Assert.Equal(["cpu", "npu0", "npu1", "npu2"], problem.Modules.Select(m => m.Id));
        Assert.All(problem.Modules, m => Assert.Equal(1, m.Count));
        Assert.Null(problem.LinkBetween(2, 3));
    }

    private static Module[] Npus(int count) => [.. Enumerable.Range(0, count).Select(i => TestModules.Emulated($"npu{i}"))];

    private static IEnumerable<Link> FullyLinked(Module[] modules) =>
        from a in Enumerable.Range(0, modules.Length)
        from b in Enumerable.Range(a + 1, modules.Length - a - 1)
        select new Link(modules[a].Id, modules[b].Id, "test", 1e9, 0.01);

    // Three blocks; the NPU is fast, the CPU slow, so throughput wants a stage per NPU.
    private static ProfileTable Table(Module[] modules) => new(
        "digest",
        "chain",
        3,
        [1, 2],
        [16, 16],
        [.. Enumerable.Range(0, 3).SelectMany(block => modules.Select(m => new BlockProfile(block, m.Id, true, null, m.Id == "cpu" ? 50 : 1, 1, 1, FigureSource.Modelled, 0.001, FigureSource.Modelled, 64, 5, [])))],
        "test");
}
