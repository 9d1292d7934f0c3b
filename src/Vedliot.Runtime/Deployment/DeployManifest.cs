namespace Vedliot.Runtime.Deployment;

/// <summary>A use case's deployment: its pipelines and the platform they run on.</summary>
/// <param name="UseCase">The use case's name.</param>
/// <param name="Description">What it does, for people.</param>
/// <param name="PlatformDescriptor">The platform descriptor's full path, or null to discover the nodes that announce themselves.</param>
/// <param name="Pipelines">The pipelines, in the manifest's order.</param>
/// <param name="Source">The manifest file.</param>
public sealed record DeployManifest(string UseCase, string Description, string? PlatformDescriptor, IReadOnlyList<PipelineSpec> Pipelines, string Source)
{
    /// <summary>
    /// The simple name of the assembly that holds the use case's app (its <c>app</c> field, e.g.
    /// <c>Vedliot.UseCases.SmartHome</c>), which <c>vedliot demo</c> loads and runs; null when the manifest names none.
    /// </summary>
    public string? App { get; init; }

    /// <summary>
    /// Topic filters the app uses besides its pipelines' topics (its <c>app_topics</c> field, e.g. <c>homeassistant/#</c>
    /// for Home Assistant's discovery), each outside the deployment protocol's root; the demo grants them to the app's
    /// broker user only. Empty when the manifest names none.
    /// </summary>
    public IReadOnlyList<string> AppTopics { get; init; } = [];

    /// <summary>The folder the manifest's relative paths start from.</summary>
    public string Directory => Path.GetDirectoryName(Path.GetFullPath(Source))!;
}
