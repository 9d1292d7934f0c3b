using Microsoft.ML.OnnxRuntime;
using Vedliot.Accelerators.OnnxRuntime;
using Vedliot.Accelerators.Tensors;
using Vedliot.Runtime.Models;
using Vedliot.Runtime.Partitioning;
using Vedliot.Testing;

namespace Vedliot.IntegrationTests.Partitioning;

/// <summary>Real models, split into 2, 3 and 4 partitions, match their unsplit outputs on fixed inputs.</summary>
public class RealModelPartitionTests
{
    private static readonly OnnxRuntimeOptions Options = new() { IntraOpThreads = 1 };

    public static TheoryData<string, string, int> Cases()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var partitions in new[] { 2, 3, 4 })
        {
            data.Add("ocr-detection", "x=1x3x320x320", partitions);
            data.Add("melspectrogram", "input=1x16000", partitions);
            data.Add("embedding", "input_1=1x76x32x1", partitions);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_real_model_split_into_partitions_matches_the_unsplit_model(string model, string inputShape, int partitions)
    {
        var graph = ModelGraph.Load(model switch
        {
            "ocr-detection" => RepositoryPaths.OcrDetectionModel,
            "melspectrogram" => RepositoryPaths.WakeWordModel("melspectrogram.onnx"),
            _ => RepositoryPaths.WakeWordModel("embedding_model.onnx"),
        });
        var (name, shape) = ParseShape(inputShape);
        using var input = FixedInput(shape);
        var inputs = new Dictionary<string, OrtValue> { [name] = input };

        using var whole = PartitionChain.CreateWhole(graph, Options);
        var plan = CutSelector.Select(graph, partitions, CutRule.BalancedOperations);
        using var chain = PartitionChain.Create(new ModelPartitioner(graph, new OnnxTypeResolver()).Split(plan), Options);
        using var expected = whole.Run(inputs);
        using var actual = chain.Run(inputs);

        Assert.Equal(partitions, actual.Stages.Count);
        Assert.All(actual.Stages.SkipLast(1), stage => Assert.True(stage.CrossingBytes > 0));
        for (var i = 0; i < expected.Outputs.Count; i++)
        {
            var comparison = new TensorComparer(1e-4, 1e-6).Compare(actual.Outputs[i].Value, expected.Outputs[i].Value);
            Assert.True(comparison.Matches, comparison.Mismatch);
        }
    }

    [Fact]
    public void Cutting_the_ocr_detector_by_fewest_bytes_crosses_fewer_bytes_than_balanced_cuts()
    {
        var graph = ModelGraph.Load(RepositoryPaths.OcrDetectionModel);
        using var input = FixedInput([1, 3, 320, 320]);
        var inputs = new Dictionary<string, OrtValue> { ["x"] = input };

        var sizes = ActivationProbe.MeasureCrossingBytes(graph, inputs, Options);
        var fewest = CutSelector.Select(graph, 3, CutRule.FewestCrossingBytes, t => sizes[t.Name]);
        var balanced = CutSelector.Select(graph, 3, CutRule.BalancedOperations);

        long Bytes(PartitionPlan plan) => plan.Cuts.Sum(p => graph.CutAt(p).Crossing.Sum(t => sizes[t.Name]));
        Assert.True(Bytes(fewest) <= Bytes(balanced), $"fewest {Bytes(fewest)} > balanced {Bytes(balanced)}");
        Assert.All(fewest.Cuts.Prepend(0).Zip(fewest.Cuts.Append(graph.Operations.Count)), part => Assert.True(part.Second - part.First >= graph.Operations.Count / 6));
    }

    private static (string Name, long[] Shape) ParseShape(string text)
    {
        var parts = text.Split('=');
        return (parts[0], parts[1].Split('x').Select(long.Parse).ToArray());
    }

    // A smooth, fixed input: a sine over the element index, the same on every run and machine.
    private static OrtValue FixedInput(long[] shape)
    {
        var count = shape.Aggregate(1L, (a, b) => a * b);
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = MathF.Sin(i * 0.01f);
        }

        return OrtValue.CreateTensorValueFromMemory(values, shape);
    }
}
