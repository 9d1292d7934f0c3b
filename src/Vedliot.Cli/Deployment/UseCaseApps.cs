using System.Reflection;
using Vedliot.Pipelines;
using Vedliot.Pipelines.Apps;
using Vedliot.Runtime;
using Vedliot.Runtime.Deployment;

namespace Vedliot.Cli.Deployment;

/// <summary>
/// How <c>vedliot demo</c> finds a use case and its app without knowing either: the use case is a name under
/// <c>usecases/</c> or a folder holding <c>deploy.yaml</c>; the manifest's <c>app</c> field names the assembly (shipped
/// beside this command, which references every <c>usecases/*/*.csproj</c>); the assembly's
/// <see cref="UseCaseAppAttribute"/> names the <see cref="IUseCaseApp"/> to create.
/// </summary>
internal static class UseCaseApps
{
    private const string ManifestFile = "deploy.yaml";

    /// <summary>The manifest of <paramref name="useCase"/>: a folder holding <c>deploy.yaml</c>, else a shipped use case's name.</summary>
    /// <exception cref="VedliotException">Neither exists; the message lists the shipped use cases.</exception>
    public static string ManifestOf(string useCase)
    {
        if (Directory.Exists(useCase))
        {
            var inFolder = Path.Combine(Path.GetFullPath(useCase), ManifestFile);
            return File.Exists(inFolder) ? inFolder : throw new VedliotException($"demo '{useCase}': the folder {Path.GetFullPath(useCase)} holds no {ManifestFile}");
        }

        var isName = useCase.Length > 0 && useCase.IndexOfAny(['/', Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar]) < 0 && useCase is not ("." or "..");
        if (isName && File.Exists(RepositoryLayout.UseCaseManifest(useCase)))
        {
            return RepositoryLayout.UseCaseManifest(useCase);
        }

        var shipped = RepositoryLayout.UseCases();
        throw new VedliotException($"demo '{useCase}': no such use case or folder; the use cases in {RepositoryLayout.UseCasesDirectory()} are {(shipped.Count == 0 ? "none" : string.Join(", ", shipped.Select(u => $"'{u}'")))}, or give a folder holding a {ManifestFile}");
    }

    /// <summary>Creates the app <paramref name="manifest"/> names.</summary>
    /// <exception cref="VedliotException">The manifest names no app, the assembly is not here or cannot be loaded, or it names no usable app type.</exception>
    public static IUseCaseApp Create(DeployManifest manifest)
    {
        var name = manifest.App
            ?? throw new VedliotException($"{manifest.Source}: no 'app' field; the demo runs the app it names (the simple name of an assembly marked [assembly: UseCaseApp(typeof(...))]); without one, deploy the manifest with `vedliot deploy`");
        Assembly assembly;
        try
        {
            assembly = Assembly.Load(new AssemblyName(name));
        }
        catch (FileNotFoundException)
        {
            throw new VedliotException($"{manifest.Source}: app '{name}': no such assembly beside vedliot in {AppContext.BaseDirectory} (the command ships the assemblies of usecases/*/*.csproj; build it again after adding a use case)");
        }
        catch (Exception e) when (e is FileLoadException or BadImageFormatException)
        {
            throw new VedliotException($"{manifest.Source}: app '{name}': the assembly cannot be loaded: {e.Message}", e);
        }

        var type = assembly.GetCustomAttribute<UseCaseAppAttribute>()?.AppType
            ?? throw new VedliotException($"{manifest.Source}: app '{name}': the assembly has no [assembly: UseCaseApp(typeof(...))] naming its app");
        if (!typeof(IUseCaseApp).IsAssignableFrom(type) || type.IsAbstract || !type.IsPublic || type.GetConstructor(Type.EmptyTypes) is null)
        {
            throw new VedliotException($"{manifest.Source}: app '{name}': [UseCaseApp(typeof({type.FullName}))] must name a public, non-abstract class that implements {nameof(IUseCaseApp)} and has a public parameterless constructor");
        }

        try
        {
            return (IUseCaseApp)Activator.CreateInstance(type)!;
        }
        catch (TargetInvocationException e)
        {
            throw new VedliotException($"{manifest.Source}: app '{name}': creating {type.FullName} failed: {e.InnerException?.Message ?? e.Message}", e);
        }
    }

    /// <summary>Has the app check its arguments.</summary>
    /// <exception cref="VedliotException">The app refused one; the message adds its usage.</exception>
    public static void CheckArguments(IUseCaseApp app, IReadOnlyList<string> arguments, DeployManifest manifest)
    {
        try
        {
            app.CheckArguments(arguments);
        }
        catch (UseCaseArgumentException e)
        {
            throw new VedliotException($"demo {manifest.UseCase}: {e.Message} (app {manifest.App}: {app.Usage})", e);
        }
    }

    /// <summary>Has the app make or reuse the models it makes itself; its errors become one line naming the use case.</summary>
    /// <exception cref="VedliotException">A model could not be made.</exception>
    public static async Task PrepareModelsAsync(IUseCaseModelSource source, string modelsDirectory, TextWriter output, DeployManifest manifest, CancellationToken cancellationToken)
    {
        try
        {
            await source.PrepareModelsAsync(modelsDirectory, output, cancellationToken);
        }
        catch (UseCaseAppException e)
        {
            throw new VedliotException($"{manifest.UseCase} app: {e.Message}", e);
        }
    }

    /// <summary>Runs the app; its errors become one line naming the use case.</summary>
    /// <exception cref="VedliotException">The app could not go on.</exception>
    public static async Task<int> RunAsync(IUseCaseApp app, UseCaseAppContext context, DeployManifest manifest, CancellationToken cancellationToken)
    {
        try
        {
            return await app.RunAsync(context, cancellationToken);
        }
        catch (Exception e) when (e is UseCaseAppException or PipelineRequestException or PipelineTimeoutException)
        {
            throw new VedliotException($"{manifest.UseCase} app: {e.Message}", e);
        }
    }

    /// <summary>The manifest's pipelines as the app reaches them, under the deployment protocol's topic root.</summary>
    public static IReadOnlyDictionary<string, PipelineEndpoint> Endpoints(DeployManifest manifest, string topicRoot) =>
        manifest.Pipelines.ToDictionary(p => p.Name, p => new PipelineEndpoint(p.Name, p.InputTopic, p.OutputTopic, topicRoot), StringComparer.Ordinal);
}
