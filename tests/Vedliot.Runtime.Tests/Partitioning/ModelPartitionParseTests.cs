using Onnx;
using Vedliot.Runtime.Models;
using Vedliot.Runtime.Partitioning;
using Vedliot.Testing.Runtime;

namespace Vedliot.Runtime.Tests.Partitioning;

public class ModelPartitionParseTests
{
    private static ModelGraph Chain() => ModelGraph.FromModel(
        new OnnxModelBuilder()
            .Input("x", 1, 2)
            .Initializer("w", [1f, 2f], [1, 2])
            .Constant("c", [3f, 4f], [1, 2])
            .Node("Mul", ["x", "w"], ["a"])
            .Node("Add", ["a", "c"], ["b"])
            .Node("Relu", ["b"], ["y"])
            .Output("y", 1, 2)
            .Build(),
        "chain.onnx");

    [Fact]
    public void A_partition_read_back_from_its_bytes_has_the_partitioner_s_inputs_outputs_and_operations()
    {
        var graph = Chain();
        var made = new ModelPartitioner(graph, new FloatResolver()).Split(PartitionPlan.AtPositions(graph, [1])).Partitions[1];

        var parsed = ModelPartition.Parse(made.ToBytes(), 1, "chain.s1.onnx");

        Assert.Equal(1, parsed.Index);
        Assert.Equal(made.FirstOperation, parsed.FirstOperation);
        Assert.Equal(made.OperationCount, parsed.OperationCount);
        Assert.Equal(made.Inputs.Select(t => t.Name), parsed.Inputs.Select(t => t.Name));
        Assert.Equal(made.Outputs.Select(t => t.Name), parsed.Outputs.Select(t => t.Name));
        Assert.Equal(made.ToBytes(), parsed.ToBytes());
    }

    [Fact]
    public void A_model_the_partitioner_did_not_make_starts_at_operation_0_and_skips_initializer_inputs()
    {
        var bytes = new OnnxModelBuilder()
            .Input("x", 1, 2)
            .Initializer("w", [1f, 2f], [1, 2], alsoAsInput: true)
            .Node("Mul", ["x", "w"], ["y"])
            .Output("y", 1, 2)
            .ToBytes();

        var parsed = ModelPartition.Parse(bytes, 0, "whole.onnx");

        Assert.Equal(0, parsed.FirstOperation);
        Assert.Equal(1, parsed.OperationCount);
        Assert.Equal(["x"], parsed.Inputs.Select(t => t.Name));
        Assert.Equal(["y"], parsed.Outputs.Select(t => t.Name));
    }

    [Theory]
    [InlineData(new byte[0], "whole.onnx: file is empty, not an ONNX model")]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF }, "whole.onnx: not a valid ONNX model")]
    [InlineData(new byte[] { 0x08, 0x07 }, "whole.onnx: not a valid ONNX model: ModelProto.graph is missing")]
    public void Bytes_that_are_not_an_onnx_model_are_a_clear_error(byte[] bytes, string message)
    {
        var error = Assert.Throws<ModelFormatException>(() => ModelPartition.Parse(bytes, 0, "whole.onnx"));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    /// <summary>Types every crossing tensor as a float tensor of unknown shape.</summary>
    private sealed class FloatResolver : IValueTypeResolver
    {
        public IReadOnlyDictionary<string, TypeProto> Resolve(ModelProto model, IReadOnlyCollection<string> tensorNames) =>
            tensorNames.ToDictionary(n => n, _ => new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } });
    }
}
