using Vedliot.Runtime.Platform;

namespace Vedliot.Runtime.Profiling;

/// <summary>A profile made on one module of each class, carried over to every member: identical modules are profiled once.</summary>
public static class ClassProfiles
{
    /// <summary><paramref name="table"/> with the first member's entries and fixed costs copied to the other members of each class.</summary>
    /// <param name="table">The profile of each class's first member.</param>
    /// <param name="classes">The classes (<see cref="Placement.ModuleClasses.Group"/>).</param>
    public static ProfileTable ForMembers(ProfileTable table, IReadOnlyList<IReadOnlyList<Module>> classes)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(classes);
        var entries = table.Entries.ToLookup(e => e.ModuleId, StringComparer.Ordinal);
        var overheads = table.StageOverheads.ToDictionary(o => o.ModuleId, StringComparer.Ordinal);
        var others = classes.SelectMany(c => c.Skip(1).Select(member => (Member: member.Id, First: c[0].Id))).ToList();
        return table with
        {
            Entries = [.. table.Entries, .. others.SelectMany(o => entries[o.First].Select(e => e with { ModuleId = o.Member }))],
            StageOverheads = [.. table.StageOverheads, .. others.Where(o => overheads.ContainsKey(o.First)).Select(o => overheads[o.First] with { ModuleId = o.Member })],
        };
    }
}
