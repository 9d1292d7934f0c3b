using System.Globalization;
using Vedliot.Runtime.Platform;

namespace Vedliot.Runtime.Placement;

/// <summary>
/// Whether a placement's modules fit the solver, checked before any profiling: profiling takes minutes, and the
/// solver would then refuse the problem all the same. Identical modules count once (<see cref="ModuleClasses"/>),
/// so only many distinct modules reach the limit.
/// </summary>
public static class ExactSolverCapacity
{
    /// <summary>Checks the modules of a platform descriptor, as <c>vedliot place</c> would place on them.</summary>
    /// <param name="platform">The platform.</param>
    /// <param name="excluded">Ids of modules that may not be used.</param>
    /// <param name="attestation">Which stages must run on attested modules.</param>
    /// <param name="attested">Ids of the modules whose nodes are attested.</param>
    /// <exception cref="PlacementTooLargeException">More than <see cref="PlacementProblem.MaxUsableClasses"/> classes of modules could host a stage.</exception>
    public static void EnsureSolvable(Platform.Platform platform, IReadOnlyCollection<string> excluded, AttestationRequirement attestation, IReadOnlyCollection<string> attested)
    {
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentNullException.ThrowIfNull(excluded);
        ArgumentNullException.ThrowIfNull(attested);
        EnsureSolvable(platform.Modules, m => !excluded.Contains(m.Id), attestation, m => attested.Contains(m.Id), platform.Source);
    }

    /// <summary>Checks modules as the solver will count them: allowed, attested when every stage must be, identical ones once.</summary>
    /// <param name="modules">The modules the placement would choose among.</param>
    /// <param name="isAllowed">Whether a module may be used.</param>
    /// <param name="attestation">Which stages must run on attested modules.</param>
    /// <param name="isAttested">Whether a module's node is attested.</param>
    /// <param name="source">What the modules come from (a descriptor file, a pipeline), for the message.</param>
    /// <exception cref="PlacementTooLargeException">More than <see cref="PlacementProblem.MaxUsableClasses"/> classes of modules could host a stage.</exception>
    public static void EnsureSolvable(IEnumerable<Module> modules, Func<Module, bool> isAllowed, AttestationRequirement attestation, Func<Module, bool> isAttested, string source)
    {
        ArgumentNullException.ThrowIfNull(modules);
        ArgumentNullException.ThrowIfNull(isAllowed);
        ArgumentNullException.ThrowIfNull(isAttested);
        var usable = modules.Where(m => isAllowed(m) && (attestation != AttestationRequirement.AllStages || isAttested(m))).ToList();
        var classes = usable.GroupBy(m => ModuleClasses.KeyOf(m) + (isAttested(m) ? "+attested" : string.Empty)).Select(g => g.First().Id).ToList();
        if (classes.Count > PlacementProblem.MaxUsableClasses)
        {
            throw TooMany(source, classes);
        }
    }

    /// <summary>The error for <paramref name="usable"/> classes (named by their first module), more than the solver takes.</summary>
    internal static PlacementTooLargeException TooMany(string source, IReadOnlyList<string> usable) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{source}: {usable.Count} distinct modules could host a stage ({string.Join(", ", usable)}), more than the {PlacementProblem.MaxUsableClasses} the placement solver takes (identical modules count once; it keeps the handover cost at every cut for every pair of distinct modules); exclude at least {usable.Count - PlacementProblem.MaxUsableClasses} of them (vedliot place --exclude, or a pipeline's allowed_kinds), or describe fewer distinct modules"));
}
