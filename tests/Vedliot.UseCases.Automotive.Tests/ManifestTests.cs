using Vedliot.Runtime.Deployment;
using Vedliot.Testing;
using Vedliot.UseCases.Automotive.Ocr;
using Vedliot.UseCases.Automotive.Vss;

namespace Vedliot.UseCases.Automotive.Tests;

/// <summary>usecases/automotive/deploy.yaml against what the app sends and where it publishes.</summary>
public sealed class ManifestTests
{
    private static readonly DeployManifest Manifest = DeployManifestReader.Load(Path.Combine(RepositoryPaths.Root, "usecases", "automotive", "deploy.yaml"));

    [Fact]
    public void The_manifest_deploys_the_pipelines_the_app_needs_with_the_models_of_the_package()
    {
        Assert.Equal("Vedliot.UseCases.Automotive", Manifest.App);
        Assert.Equal(AutomotiveDemo.PipelineNames, Manifest.Pipelines.Select(p => p.Name));
        var files = OcrModelFiles.In(RepositoryPaths.Deps);
        Assert.Equal(
            [files.Detection, files.Direction, files.Recognition],
            Manifest.Pipelines.Select(p => p.Model.Resolve(Manifest.Directory, RepositoryPaths.Deps)));
    }

    [Fact]
    public void The_pinned_sizes_are_the_largest_inputs_the_app_sends()
    {
        var (detection, direction, recognition) = (Manifest.Pipelines[0].Dimensions, Manifest.Pipelines[1].Dimensions, Manifest.Pipelines[2].Dimensions);
        var limit = new OcrReaderOptions().DetectionLimitSide;

        Assert.Equal((limit, limit), DetectionInput.ResizedSize(10 * limit, 10 * limit, limit));
        Assert.Equal([1, limit, limit], detection.OrderBy(d => d.Key).Select(d => d.Value));
        Assert.Equal([1, LineInput.DirectionHeight, LineInput.DirectionWidth], direction.OrderBy(d => d.Key).Select(d => d.Value));
        Assert.Equal([1, LineInput.RecognitionMinWidth], recognition.OrderBy(d => d.Key).Select(d => d.Value));
    }

    [Fact]
    public void Every_topic_of_the_app_lies_in_the_tree_its_pipelines_share()
    {
        var topics = Manifest.Pipelines.SelectMany(p => new[] { p.InputTopic, p.OutputTopic }).ToList();
        var vss = new VssTopics(VssTopics.DefaultRoot);

        Assert.All(topics, t => Assert.StartsWith("automotive/", t, StringComparison.Ordinal));
        Assert.StartsWith("automotive/", vss.Topic(VssSignals.Speed), StringComparison.Ordinal);
        Assert.StartsWith("automotive/", vss.Topic(VssSignals.IsWarning), StringComparison.Ordinal);
    }
}
