using Vedliot.Runtime.Placement;
using Vedliot.Runtime.Platform;

namespace Vedliot.Runtime.Profiling;

/// <summary>Turns a profile and an inventory into the placement solver's problem.</summary>
public static class PlacementProblems
{
    /// <summary>
    /// The problem of placing <paramref name="table"/>'s blocks on <paramref name="inventory"/>'s
    /// modules, identical ones as one class (<see cref="PlacementModule.Members"/>; pins then name the class's first member). Each module's fixed cost per stage is taken out of its blocks' figures and charged once per
    /// stage; the host's codec cost is charged at every cut. A block a module cannot run carries the operators
    /// it lacks (or, when the whole backend is unavailable, the reason) so that the solver can say why.
    /// </summary>
    /// <param name="table">The profile.</param>
    /// <param name="inventory">The modules and links; every profiled module must be in it.</param>
    /// <param name="constraints">Attestation, stage limit and pins.</param>
    /// <param name="isAttested">Whether a module's node is attested.</param>
    /// <param name="excluded">Modules that may not be used.</param>
    public static PlacementProblem FromProfile(ProfileTable table, Inventory inventory, PlacementConstraints constraints, Func<Module, bool> isAttested, IReadOnlySet<string> excluded)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(inventory);
        ArgumentNullException.ThrowIfNull(isAttested);
        ArgumentNullException.ThrowIfNull(excluded);
        var entries = table.Entries.ToLookup(e => e.ModuleId, StringComparer.Ordinal);
        var profiled = inventory.Modules.Where(m => entries.Contains(m.Id)).ToList();
        string Figures(Module m) => string.Join(";", entries[m.Id].Select(e => $"{e.Block}|{e.Supported}|{e.LatencyP50Ms:R}|{e.EnergyJoules:R}|{e.MemoryBytes}|{string.Join(",", e.UnsupportedOperators)}")) + "|" + table.OverheadOf(m.Id);
        var (classes, links) = PlacementClasses.Of(profiled, inventory.Links, Figures, isAttested, excluded);
        var modules = classes.Select(c => c[0]).ToList();
        var overheads = modules.Select(m => table.OverheadOf(m.Id)).ToList();
        var blocks = Enumerable.Range(0, table.BlockCount).Select(b => new PlacementBlock(
            table.FirstOperation(b),
            table.EndOperation(b),
            modules.Select((m, i) => Cost(table.Entry(b, m.Id), overheads[i])).ToList()));
        return new PlacementProblem(
            classes.Select((c, i) => new PlacementModule(c[0].Id, c[0].Memory.CapacityBytes, isAttested(c[0]), !excluded.Contains(c[0].Id))
            {
                Overhead = overheads[i],
                BusyWatts = c[0].Power.ActiveWatts,
                Members = [.. c.Select(m => m.Id)],
            }),
            blocks,
            table.CrossingBytes,
            links,
            constraints,
            table.Codec);
    }

    // A block's own cost is what it adds beside the fixed cost a stage pays once.
    private static BlockCost Cost(BlockProfile entry, StageOverhead overhead) => entry.Supported
        ? BlockCost.Supported(Math.Max(0, entry.LatencyP50Ms - overhead.LatencyMs), Math.Max(0, entry.EnergyJoules - overhead.EnergyJoules), entry.MemoryBytes)
        : new BlockCost(0, 0, 0, entry.UnsupportedOperators.Count > 0 ? entry.UnsupportedOperators : [entry.Reason ?? "unsupported"]);
}
