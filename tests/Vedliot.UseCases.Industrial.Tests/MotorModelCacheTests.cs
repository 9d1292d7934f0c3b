using Vedliot.Runtime.Deployment;
using Vedliot.Testing;
using Vedliot.UseCases.Industrial.Model;

namespace Vedliot.UseCases.Industrial.Tests;

public sealed class MotorModelCacheTests
{
    private static readonly TrainingSettings Small = new() { TrainingRunsPerCondition = 10, HeldOutRunsPerCondition = 10, Epochs = 2 };

    [Fact]
    public void A_model_of_the_same_digest_is_reused_and_other_settings_train_again()
    {
        using var folder = new TempDirectory();
        var log = new StringWriter();
        var (path, report) = MotorModelCache.Ensure(folder.Path, Small, log);
        Assert.Contains("training the motor-condition model", log.ToString(), StringComparison.Ordinal);
        Assert.Contains("held-out simulated set", report, StringComparison.Ordinal);
        var written = File.GetLastWriteTimeUtc(path);

        log = new StringWriter();
        Assert.Equal((path, report), MotorModelCache.Ensure(folder.Path, Small, log));
        Assert.Contains($"reusing the trained model {path} (digest {MotorModelCache.Digest(Small)[..16]})", log.ToString(), StringComparison.Ordinal);
        Assert.Equal(written, File.GetLastWriteTimeUtc(path));

        var other = Small with { Seed = 18 };
        Assert.NotEqual(MotorModelCache.Digest(Small), MotorModelCache.Digest(other));
        log = new StringWriter();
        MotorModelCache.Ensure(folder.Path, other, log);
        Assert.Contains("training the motor-condition model", log.ToString(), StringComparison.Ordinal);
        Assert.Equal(MotorModelCache.Digest(other) + "\n", File.ReadAllText(Path.Combine(folder.Path, "motor-condition.digest")));
    }

    [Fact]
    public void The_manifest_names_the_cached_model_under_the_deps_models_folder()
    {
        var manifest = DeployManifestReader.Load(Path.Combine(RepositoryPaths.Root, "usecases", "industrial", "deploy.yaml"));
        var pipeline = Assert.Single(manifest.Pipelines);
        Assert.Equal(MotorConditionClient.PipelineName, pipeline.Name);
        Assert.Equal("Vedliot.UseCases.Industrial", manifest.App);
        Assert.Equal(
            Path.GetFullPath(Path.Combine("/deps", ModelReference.MadeModelsFolder, IndustrialDemo.ModelsSubfolder, MotorModelCache.FileName)),
            pipeline.Model.Resolve(manifest.Directory, "/deps"));
    }
}
