using Vedliot.Accelerators.OnnxRuntime;
using Vedliot.Accelerators.Tensors;
using Vedliot.Hosting.Exposure;
using Vedliot.Runtime.Exposure;
using Vedliot.Runtime.Models;
using Vedliot.Runtime.Profiling;
using Vedliot.Testing;
using Xunit.Abstractions;

namespace Vedliot.Hosting.Tests.Exposure;

public sealed class ModelExposureTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Exposure_on_PP_OCRv4_detection_is_near_one_at_the_input_and_falls_with_depth()
    {
        var graph = ModelGraph.Load(RepositoryPaths.OcrDetectionModel);
        var cuts = CandidateCutsAt64(graph);

        var profile = ModelExposure.Measure(graph, cuts, new Dictionary<string, long>(), new OnnxRuntimeOptions(), new ExposureOptions(), _directory.Path);

        foreach (var cut in profile.Cuts)
        {
            output.WriteLine($"{cut.Position,4} {cut.Exposure:0.000} {cut.Decoder}");
        }

        output.WriteLine($"baseline {profile.Baseline:0.000}");
        Assert.Equal(ExposureMetric.Ssim, profile.Metric);
        Assert.InRange(profile.Baseline, 0.05, profile.Cuts[0].Exposure - 0.5);
        Assert.Equal(0, profile.Cuts[0].Position);
        Assert.True(profile.Cuts[0].Exposure > 0.9, $"identity cut: {profile.Cuts[0].Exposure}");
        Assert.Equal(cuts, profile.Cuts.Skip(1).Select(c => c.Position));
        Assert.All(profile.Cuts.Skip(1), c => Assert.True(c.Exposure < profile.Cuts[0].Exposure - 0.1, $"cut after {c.Position}: {c.Exposure}"));
        var deeperHalf = profile.Cuts.Skip(1 + (cuts.Count / 2)).Average(c => c.Exposure);
        Assert.True(deeperHalf < profile.Cuts[1].Exposure - 0.2, $"deeper half {deeperHalf}, first candidate cut {profile.Cuts[1].Exposure}");
    }

    private static IReadOnlyList<int> CandidateCutsAt64(ModelGraph graph)
    {
        using var whole = PartitionChain.CreateWhole(graph, new OnnxRuntimeOptions());
        var inputs = RandomInputs.Create(whole.InputMetadata, new Dictionary<string, long>(), 1);
        try
        {
            var sizes = ActivationProbe.MeasureCrossingBytes(graph, inputs, new OnnxRuntimeOptions());
            return CandidateCuts.Choose(graph, 12, cut => cut.Crossing.Sum(t => sizes[t.Name]));
        }
        finally
        {
            foreach (var value in inputs.Values)
            {
                value.Dispose();
            }
        }
    }
}
