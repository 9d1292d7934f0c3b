using System.Globalization;
using Vedliot.Runtime.Platform;

namespace Vedliot.Runtime.Placement;

/// <summary>
/// Whether a placement's modules fit the exact solver, checked before any profiling: profiling every block on
/// every module takes minutes, and the solver would then refuse the problem all the same.
/// </summary>
public static class ExactSolverCapacity
{
    /// <summary>Checks the modules of a platform descriptor, as <c>vedliot place</c> would place on them.</summary>
    /// <param name="platform">The platform.</param>
    /// <param name="excluded">Ids of modules that may not be used.</param>
    /// <param name="attestation">Which stages must run on attested modules.</param>
    /// <param name="attested">Ids of the modules whose nodes are attested.</param>
    /// <exception cref="PlacementTooLargeException">More than <see cref="PlacementProblem.MaxUsableModules"/> modules could host a stage.</exception>
    public static void EnsureSolvable(Platform.Platform platform, IReadOnlyCollection<string> excluded, AttestationRequirement attestation, IReadOnlyCollection<string> attested)
    {
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentNullException.ThrowIfNull(excluded);
        ArgumentNullException.ThrowIfNull(attested);
        EnsureSolvable(platform.Modules, m => !excluded.Contains(m.Id), attestation, m => attested.Contains(m.Id), platform.Source);
    }

    /// <summary>Checks modules as the solver will count them: allowed, and attested when every stage must be.</summary>
    /// <param name="modules">The modules the placement would choose among.</param>
    /// <param name="isAllowed">Whether a module may be used.</param>
    /// <param name="attestation">Which stages must run on attested modules.</param>
    /// <param name="isAttested">Whether a module's node is attested.</param>
    /// <param name="source">What the modules come from (a descriptor file, a pipeline), for the message.</param>
    /// <exception cref="PlacementTooLargeException">More than <see cref="PlacementProblem.MaxUsableModules"/> modules could host a stage.</exception>
    public static void EnsureSolvable(IEnumerable<Module> modules, Func<Module, bool> isAllowed, AttestationRequirement attestation, Func<Module, bool> isAttested, string source)
    {
        ArgumentNullException.ThrowIfNull(modules);
        ArgumentNullException.ThrowIfNull(isAllowed);
        ArgumentNullException.ThrowIfNull(isAttested);
        var usable = modules.Where(m => isAllowed(m) && (attestation != AttestationRequirement.AllStages || isAttested(m))).Select(m => m.Id).ToList();
        if (usable.Count > PlacementProblem.MaxUsableModules)
        {
            throw TooMany(source, usable);
        }
    }

    /// <summary>The error for <paramref name="usable"/> modules, more than the solver takes.</summary>
    internal static PlacementTooLargeException TooMany(string source, IReadOnlyList<string> usable) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{source}: {usable.Count} modules could host a stage ({string.Join(", ", usable)}), more than the {PlacementProblem.MaxUsableModules} the exact placement solver takes (it tracks every set of modules already used, so its work doubles with each module); exclude at least {usable.Count - PlacementProblem.MaxUsableModules} of them (vedliot place --exclude, or a pipeline's allowed_kinds), or describe fewer modules"));
}
