using Vedliot.Runtime.Placement;
using Vedliot.Runtime.Platform;

namespace Vedliot.Runtime.Profiling;

/// <summary>
/// Groups a profile's modules into the classes the solver places on: identical parameters and profiled
/// figures, the same attestation and exclusion, and the same links (every member linked alike to every member of each other
/// class, and to each other). A group whose links differ member to member is split into single modules.
/// </summary>
internal static class PlacementClasses
{
    /// <summary>The classes of <paramref name="modules"/> (each in the modules' order) and the links between classes, named by each class's first member.</summary>
    public static (List<List<Module>> Classes, List<Link> Links) Of(IReadOnlyList<Module> modules, IReadOnlyList<Link> links, Func<Module, string> figures, Func<Module, bool> isAttested, IReadOnlySet<string> excluded)
    {
        var classes = modules
            .GroupBy(m => (ModuleClasses.KeyOf(m), figures(m), isAttested(m), excluded.Contains(m.Id)))
            .Select(g => g.ToList())
            .ToList();
        var linksByModule = links.SelectMany(l => new[] { (l.From, l), (l.To, l) }).ToLookup(p => p.Item1, p => p.l, StringComparer.Ordinal);
        while (classes.FindIndex(c => c.Count > 1 && !IsUniformlyLinked(c, classes, linksByModule)) is var mixed and >= 0)
        {
            var split = classes[mixed];
            classes.RemoveAt(mixed);
            classes.InsertRange(mixed, split.Select(m => new List<Module> { m }));
        }

        var classOf = classes.SelectMany(c => c.Select(m => (m.Id, Class: c[0].Id))).ToDictionary(p => p.Id, p => p.Class, StringComparer.Ordinal);
        var classLinks = links
            .Where(l => classOf.ContainsKey(l.From) && classOf.ContainsKey(l.To))
            .Select(l => l with { From = classOf[l.From], To = classOf[l.To] })
            .DistinctBy(l => (Ordered(l.From, l.To), l.Kind, l.BandwidthBytesPerSecond, l.LatencyMs, l.EnergyJoulesPerByte, l.BusyWatts))
            .ToList();
        return (classes, classLinks);
    }

    // Every member's links to each class (its own included) are the same: as many, and with the same figures.
    private static bool IsUniformlyLinked(List<Module> members, List<List<Module>> classes, ILookup<string, Link> linksByModule)
    {
        var classOf = classes.SelectMany((c, i) => c.Select(m => (m.Id, i))).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        string Signature(Module m) => string.Join(";", linksByModule[m.Id]
            .Select(l => (Other: l.From == m.Id ? l.To : l.From, Link: l))
            .Where(p => classOf.ContainsKey(p.Other))
            .Select(p => $"{classOf[p.Other]}|{p.Link.Kind}|{p.Link.BandwidthBytesPerSecond}|{p.Link.LatencyMs}|{p.Link.EnergyJoulesPerByte}|{p.Link.BusyWatts}")
            .Order(StringComparer.Ordinal));
        var own = classOf[members[0].Id];
        var signatures = members.Select(Signature).Distinct(StringComparer.Ordinal).ToList();
        if (signatures.Count != 1)
        {
            return false;
        }

        // Linked to every other member alike, or to none of them: either all member pairs are linked or none is.
        var withinClass = linksByModule[members[0].Id].Count(l => classOf.TryGetValue(l.From == members[0].Id ? l.To : l.From, out var c) && c == own);
        var perLinkedClass = linksByModule[members[0].Id]
            .Select(l => l.From == members[0].Id ? l.To : l.From)
            .Where(classOf.ContainsKey)
            .GroupBy(o => classOf[o])
            .All(g => g.Count() == classes[g.Key].Count - (g.Key == own ? 1 : 0));
        return (withinClass == 0 || withinClass == members.Count - 1) && perLinkedClass;
    }

    private static (string, string) Ordered(string a, string b) => string.CompareOrdinal(a, b) <= 0 ? (a, b) : (b, a);
}
