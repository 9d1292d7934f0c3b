using Vedliot.Runtime;

namespace Vedliot.Cli.Deployment;

/// <summary>Where the files the bootstrap fetched (<c>.deps</c>) and the shipped use cases and platforms are.</summary>
internal static class RepositoryLayout
{
    /// <summary>Environment variable naming the repository (or installation) root, when the command runs from elsewhere.</summary>
    public const string HomeVariable = "VEDLIOT_HOME";

    /// <summary>The root: <c>$VEDLIOT_HOME</c>, else the nearest folder above the working directory or this program holding <c>.deps</c>.</summary>
    /// <exception cref="VedliotException">No such folder exists.</exception>
    public static string Root()
    {
        if (Environment.GetEnvironmentVariable(HomeVariable) is { Length: > 0 } home)
        {
            return Path.GetFullPath(home);
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (Directory.Exists(Path.Combine(directory.FullName, ".deps", "npm")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new VedliotException($"cannot find the .deps folder that eng/bootstrap.sh fills; run from the repository or set {HomeVariable}");
    }

    public static string DependenciesDirectory() => Path.Combine(Root(), ".deps");

    /// <summary>The folder of the shipped use cases, <c>usecases/</c>.</summary>
    public static string UseCasesDirectory() => Path.Combine(Root(), "usecases");

    /// <summary>The manifest of a shipped use case, e.g. <c>usecases/smart-home/deploy.yaml</c>.</summary>
    public static string UseCaseManifest(string useCase) => Path.Combine(UseCasesDirectory(), useCase, "deploy.yaml");

    /// <summary>The shipped use cases: the folders of <c>usecases/</c> holding a <c>deploy.yaml</c>, by name.</summary>
    public static IReadOnlyList<string> UseCases() =>
        Directory.Exists(UseCasesDirectory())
            ? [.. Directory.EnumerateDirectories(UseCasesDirectory()).Where(d => File.Exists(Path.Combine(d, "deploy.yaml"))).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)]
            : [];
}
