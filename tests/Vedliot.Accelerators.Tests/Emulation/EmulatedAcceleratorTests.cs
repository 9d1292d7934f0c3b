using Microsoft.ML.OnnxRuntime;
using Vedliot.Accelerators.Emulation;
using Vedliot.Accelerators.OnnxRuntime;
using Vedliot.Accelerators.Tensors;
using Vedliot.Runtime.Execution;
using Vedliot.Runtime.Models;
using Vedliot.Runtime.Partitioning;
using Vedliot.Testing;
using Vedliot.Testing.Runtime;

namespace Vedliot.Accelerators.Tests.Emulation;

public class EmulatedAcceleratorTests
{
    private static readonly OnnxRuntimeOptions Options = new() { IntraOpThreads = 1 };

    private static ModelPartition Whole(ModelGraph graph) => new ModelPartitioner(graph, new OnnxTypeResolver()).Split(PartitionPlan.Whole).Partitions[0];

    private static OrtValue Input(long batch)
    {
        var values = new float[batch * 76 * 32];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = MathF.Cos(i * 0.05f);
        }

        return OrtValue.CreateTensorValueFromMemory(values, [batch, 76, 32, 1]);
    }

    [Fact]
    public void Outputs_equal_plain_onnx_runtime_and_figures_are_labelled_modelled()
    {
        var graph = ModelGraph.Load(RepositoryPaths.WakeWordModel("embedding_model.onnx"));
        using var input = Input(1);
        var inputs = new Dictionary<string, OrtValue> { ["input_1"] = input };
        using var plain = PartitionChain.CreateWhole(graph, Options);
        using var session = new EmulatedAccelerator(TestModules.Emulated(), Options).Load(Whole(graph));

        using var expected = plain.Run(inputs);
        using var run = session.Run(inputs);

        Assert.True(TensorComparer.OnnxBackend.Compare(run.Outputs[0].Value, expected.Outputs[0].Value).Matches);
        Assert.Equal(FigureSource.Modelled, run.LatencySource);
        Assert.Equal(FigureSource.Modelled, run.EnergySource);
        Assert.Contains("emulated", run.EnergyMeter, StringComparison.Ordinal);
        Assert.Equal(10 * run.Latency.TotalSeconds, run.EnergyJoules, 9);
    }

    [Fact]
    public void Doubling_the_batch_less_than_doubles_the_modelled_time_because_weights_are_read_once_per_call()
    {
        var graph = ModelGraph.Load(RepositoryPaths.WakeWordModel("embedding_model.onnx"));
        using var one = Input(1);
        using var two = Input(2);
        using var session = new EmulatedAccelerator(TestModules.Emulated(), Options).Load(Whole(graph));

        using var single = session.Run(new Dictionary<string, OrtValue> { ["input_1"] = one });
        using var twice = session.Run(new Dictionary<string, OrtValue> { ["input_1"] = two });

        var overhead = 0.5;
        var once = single.Latency.TotalMilliseconds - overhead;
        var doubled = twice.Latency.TotalMilliseconds - overhead;
        Assert.True(once > 0);
        Assert.InRange(doubled / once, 1.5, 1.999);
    }

    [Fact]
    public void A_partition_with_an_operator_the_module_lacks_is_refused_naming_it()
    {
        var graph = ModelGraph.Load(RepositoryPaths.WakeWordModel("embedding_model.onnx"));
        var accelerator = new EmulatedAccelerator(TestModules.Emulated("dpu", new HashSet<string> { "Conv", "MaxPool", "Reshape" }), Options);

        var error = Assert.Throws<UnsupportedOperatorException>(() => accelerator.Load(Whole(graph)));

        Assert.Equal(["LeakyRelu", "Max"], error.Operators);
        Assert.Equal("module 'dpu' (Acme NPU) does not run operators LeakyRelu, Max of partition 1", error.Message);
    }
}
