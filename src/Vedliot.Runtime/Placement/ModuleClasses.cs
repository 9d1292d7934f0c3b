using System.Text.Json;
using Vedliot.Runtime.Platform;

namespace Vedliot.Runtime.Placement;

/// <summary>
/// Groups modules with identical parameters (everything but id, slot and free-form properties), so that a
/// class is profiled once and placed as one entry with a member count.
/// </summary>
public static class ModuleClasses
{
    /// <summary>A key equal for modules of identical parameters.</summary>
    /// <param name="module">The module.</param>
    public static string KeyOf(Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        return JsonSerializer.Serialize(module with { Id = string.Empty, Slot = null, Properties = new Dictionary<string, string>() });
    }

    /// <summary>The modules grouped by <see cref="KeyOf"/>, each group in the modules' order, groups in the order of their first module.</summary>
    /// <param name="modules">The modules.</param>
    public static IReadOnlyList<IReadOnlyList<Module>> Group(IEnumerable<Module> modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        return modules.GroupBy(KeyOf, StringComparer.Ordinal).Select(g => (IReadOnlyList<Module>)g.ToList()).ToList();
    }
}
