namespace Vedliot.Runtime.Deployment;

/// <summary>
/// Where a manifest's model lives: <c>npm:PACKAGE@VERSION/PATH</c> names a file of an npm package that
/// eng/bootstrap.sh unpacked (models are fetched, never committed); <c>models:PATH</c> a model the project makes
/// on first use under <c>.deps/models</c> (a use case's app trains it, see <c>IUseCaseModelSource</c>); anything
/// else is a path relative to the manifest's folder.
/// </summary>
/// <param name="Text">The reference as written in the manifest.</param>
public sealed record ModelReference(string Text)
{
    private const string NpmPrefix = "npm:";
    private const string MadePrefix = "models:";

    /// <summary>The folder under the deps folder where <c>models:</c> references resolve.</summary>
    public const string MadeModelsFolder = "models";

    /// <summary>The model file's full path.</summary>
    /// <param name="manifestDirectory">The folder of the manifest that names the model.</param>
    /// <param name="depsDirectory">The folder eng/bootstrap.sh unpacks packages into.</param>
    public string Resolve(string manifestDirectory, string depsDirectory)
    {
        ArgumentNullException.ThrowIfNull(manifestDirectory);
        ArgumentNullException.ThrowIfNull(depsDirectory);
        return Text.StartsWith(NpmPrefix, StringComparison.Ordinal) ? Path.GetFullPath(Path.Combine(depsDirectory, "npm", Text[NpmPrefix.Length..]))
            : Text.StartsWith(MadePrefix, StringComparison.Ordinal) ? Path.GetFullPath(Path.Combine(depsDirectory, MadeModelsFolder, Text[MadePrefix.Length..]))
            : Path.GetFullPath(Path.Combine(manifestDirectory, Text));
    }
}
