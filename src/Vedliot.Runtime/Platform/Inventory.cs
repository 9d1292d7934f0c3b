namespace Vedliot.Runtime.Platform;

/// <summary>The modules available to run partitions and the links between them.</summary>
public sealed class Inventory
{
    private readonly Dictionary<string, Module> _byId;

    /// <summary>Creates an inventory; module ids must be unique and links must join known modules.</summary>
    /// <exception cref="ArgumentException">An id repeats, or a link names an unknown module.</exception>
    public Inventory(IEnumerable<Module> modules, IEnumerable<Link> links)
    {
        Modules = modules.ToList();
        Links = links.ToList();
        _byId = new Dictionary<string, Module>(StringComparer.Ordinal);
        foreach (var module in Modules)
        {
            if (!_byId.TryAdd(module.Id, module))
            {
                throw new ArgumentException($"module id '{module.Id}' appears twice", nameof(modules));
            }
        }

        foreach (var link in Links.Where(l => !_byId.ContainsKey(l.From) || !_byId.ContainsKey(l.To)))
        {
            throw new ArgumentException($"link {link.From} - {link.To} names a module that is not in the inventory", nameof(links));
        }
    }

    /// <summary>The modules, in the order given.</summary>
    public IReadOnlyList<Module> Modules { get; }

    /// <summary>The links.</summary>
    public IReadOnlyList<Link> Links { get; }

    /// <summary>The module with <paramref name="id"/>.</summary>
    public bool TryGetModule(string id, out Module module) => _byId.TryGetValue(id, out module!);

    /// <summary>The link joining <paramref name="a"/> and <paramref name="b"/>, if there is one.</summary>
    public Link? LinkBetween(string a, string b) => Links.FirstOrDefault(l => l.Joins(a, b));
}
