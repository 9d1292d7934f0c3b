using Microsoft.ML.OnnxRuntime;
using Vedliot.Accelerators.OnnxRuntime;
using Vedliot.Accelerators.Tensors;
using Vedliot.Runtime;
using Vedliot.Runtime.Models;
using Vedliot.Runtime.Partitioning;
using Vedliot.Testing.Runtime;

namespace Vedliot.Accelerators.Tests.OnnxRuntime;

public class PartitionChainTests
{
    private static readonly OnnxRuntimeOptions Options = new() { IntraOpThreads = 1 };

    // y = (relu(x) * w + c) + relu(x): a skip connection, an initializer and a Constant, no declared intermediate types.
    private static ModelGraph Model() => ModelGraph.FromModel(
        new OnnxModelBuilder()
            .Input("x", 2, 3)
            .Initializer("w", [1f, -2f, 3f], [3])
            .Constant("c", [0.5f], [1])
            .Node("Relu", ["x"], ["r"])
            .Node("Mul", ["r", "w"], ["m"])
            .Node("Add", ["m", "c"], ["s"])
            .Node("Add", ["s", "r"], ["y"])
            .Output("y", 2, 3)
            .Build(),
        "skip.onnx");

    private static OrtValue Input() => OrtValue.CreateTensorValueFromMemory([-1f, 0f, 1f, 2f, -3f, 4f], [2, 3]);

    [Theory]
    [InlineData(new[] { 1 })]
    [InlineData(new[] { 2 })]
    [InlineData(new[] { 3 })]
    [InlineData(new[] { 1, 2, 3 })]
    public void Partitions_run_in_order_give_the_whole_models_outputs(int[] cuts)
    {
        var graph = Model();
        using var x = Input();
        var inputs = new Dictionary<string, OrtValue> { ["x"] = x };
        using var whole = PartitionChain.CreateWhole(graph, Options);
        using var chain = PartitionChain.Create(new ModelPartitioner(graph, new OnnxTypeResolver()).Split(PartitionPlan.AtPositions(graph, cuts)), Options);

        using var expected = whole.Run(inputs);
        using var actual = chain.Run(inputs);

        Assert.Equal(cuts.Length + 1, actual.Stages.Count);
        Assert.Equal([0.5f, 0.5f, 4.5f, 4.5f, 0.5f, 16.5f], expected.Outputs[0].Value.GetTensorDataAsSpan<float>().ToArray());
        Assert.True(TensorComparer.OnnxBackend.Compare(actual.Outputs[0].Value, expected.Outputs[0].Value).Matches);
    }

    [Fact]
    public void Each_stage_reports_the_bytes_crossing_the_cut_after_it()
    {
        var graph = Model();
        using var x = Input();
        using var chain = PartitionChain.Create(new ModelPartitioner(graph, new OnnxTypeResolver()).Split(PartitionPlan.AtPositions(graph, [2])), Options);

        using var result = chain.Run(new Dictionary<string, OrtValue> { ["x"] = x });

        Assert.Equal(["m", "r"], result.Stages[0].Crossing.Select(c => c.Key).Order());
        Assert.Equal(2 * 6 * sizeof(float), result.Stages[0].CrossingBytes);
        Assert.Empty(result.Stages[1].Crossing);
    }

    [Fact]
    public void The_callers_inputs_stay_usable_after_a_run()
    {
        var graph = Model();
        using var x = Input();
        using var chain = PartitionChain.Create(new ModelPartitioner(graph, new OnnxTypeResolver()).Split(PartitionPlan.AtPositions(graph, [1, 2, 3])), Options);
        var inputs = new Dictionary<string, OrtValue> { ["x"] = x };

        using (chain.Run(inputs))
        {
        }

        Assert.Equal(-1f, x.GetTensorDataAsSpan<float>()[0]);
        using var again = chain.Run(inputs);
        Assert.Equal(16.5f, again.Outputs[0].Value.GetTensorDataAsSpan<float>()[5]);
    }

    [Fact]
    public void A_missing_input_is_named()
    {
        using var chain = PartitionChain.CreateWhole(Model(), Options);

        var error = Assert.Throws<VedliotException>(() => chain.Run(new Dictionary<string, OrtValue>()));

        Assert.Equal("skip.onnx: input 'x' is not given; the model's inputs are 'x'", error.Message);
    }

    [Fact]
    public void An_unknown_input_is_named()
    {
        using var x = Input();
        using var y = Input();
        using var chain = PartitionChain.CreateWhole(Model(), Options);

        var error = Assert.Throws<VedliotException>(() => chain.Run(new Dictionary<string, OrtValue> { ["x"] = x, ["z"] = y }));

        Assert.Contains("no input 'z'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_that_onnx_runtime_rejects_names_the_partition()
    {
        using var wrongShape = OrtValue.CreateTensorValueFromMemory([1f, 2f], [1, 2]);
        var graph = Model();
        using var chain = PartitionChain.Create(new ModelPartitioner(graph, new OnnxTypeResolver()).Split(PartitionPlan.AtPositions(graph, [2])), Options);

        var error = Assert.Throws<OnnxRuntimeFailureException>(() => chain.Run(new Dictionary<string, OrtValue> { ["x"] = wrongShape }));

        Assert.StartsWith("skip.onnx (partition 1 of 2): ONNX Runtime fails to run it:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Types_of_intermediate_tensors_come_from_onnx_runtime_inference()
    {
        var graph = Model();

        var types = new OnnxTypeResolver().Resolve(graph.Model, ["r", "m", "s"]);

        Assert.All(types.Values, t => Assert.Equal("float32[2,3]", TensorTypes.Describe(t)));
        Assert.Equal(3, types.Count);
    }
}
