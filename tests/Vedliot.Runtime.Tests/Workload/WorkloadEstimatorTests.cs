using Onnx;
using Vedliot.Runtime.Models;
using Vedliot.Runtime.Workload;
using Vedliot.Testing;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Vedliot.Runtime.Tests.Workload;

public class WorkloadEstimatorTests
{
    private static GraphNode Node(string opType, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var proto = new NodeProto { OpType = opType };
        proto.Input.AddRange(inputs);
        proto.Output.AddRange(outputs);
        proto.Attribute.AddRange(attributes);
        return new GraphNode(0, opType, opType, string.Empty, inputs, [], outputs, proto);
    }

    private static Func<string, ConcreteTensor?> Shapes(params (string Name, long[] Shape)[] tensors) =>
        name => tensors.Where(t => t.Name == name).Select(t => new ConcreteTensor(DataType.Float, t.Shape)).FirstOrDefault();

    [Fact]
    public void A_convolution_counts_two_operations_per_multiply_add()
    {
        // 8 output channels of 16x16, each from 3 input channels through a 3x3 kernel.
        var work = WorkloadEstimator.Estimate(Node("Conv", ["x", "w"], ["y"]), Shapes(("x", [1, 3, 16, 16]), ("w", [8, 3, 3, 3]), ("y", [1, 8, 16, 16])));

        Assert.Equal(2.0 * 8 * 16 * 16 * 3 * 3 * 3, work.Operations);
        Assert.Equal((3 * 16 * 16 + 8 * 3 * 3 * 3) * 4, work.BytesRead);
        Assert.Equal(8 * 16 * 16 * 4, work.BytesWritten);
    }

    [Fact]
    public void A_matrix_product_counts_m_n_k_multiply_adds()
    {
        var work = WorkloadEstimator.Estimate(Node("MatMul", ["a", "b"], ["c"]), Shapes(("a", [4, 5]), ("b", [5, 6]), ("c", [4, 6])));

        Assert.Equal(2.0 * 4 * 6 * 5, work.Operations);
    }

    [Fact]
    public void Gemm_with_a_transposed_first_input_takes_its_inner_dimension_from_the_first_axis()
    {
        var transA = new AttributeProto { Name = "transA", Type = AttributeProto.Types.AttributeType.Int, I = 1 };

        var work = WorkloadEstimator.Estimate(Node("Gemm", ["a", "b"], ["c"], transA), Shapes(("a", [5, 4]), ("b", [5, 6]), ("c", [4, 6])));

        Assert.Equal(2.0 * 4 * 6 * 5, work.Operations);
    }

    [Fact]
    public void Pooling_counts_each_window_element()
    {
        var kernel = new AttributeProto { Name = "kernel_shape", Type = AttributeProto.Types.AttributeType.Ints, Ints = { 2, 2 } };

        var work = WorkloadEstimator.Estimate(Node("MaxPool", ["x"], ["y"], kernel), Shapes(("x", [1, 1, 4, 4]), ("y", [1, 1, 2, 2])));

        Assert.Equal(4.0 * 4, work.Operations);
    }

    [Fact]
    public void Data_movement_moves_bytes_but_computes_nothing()
    {
        var work = WorkloadEstimator.Estimate(Node("Transpose", ["x"], ["y"]), Shapes(("x", [2, 3]), ("y", [3, 2])));

        Assert.Equal(0, work.Operations);
        Assert.Equal(48, work.BytesMoved);
    }

    [Fact]
    public void Doubling_the_batch_doubles_the_work_of_a_real_model()
    {
        var graph = ModelGraph.Load(RepositoryPaths.WakeWordModel("embedding_model.onnx"));
        PartitionWorkload Estimate(long batch) => PartitionWorkload.Estimate(
            graph.Operations,
            new Dictionary<string, ConcreteTensor>(graph.Tensors.Keys.Select(name => KeyValuePair.Create(name, new ConcreteTensor(DataType.Float, [batch, 8, 8, 16])))));

        var one = Estimate(1);
        var two = Estimate(2);

        Assert.True(one.Operations > 0);
        Assert.Equal(2 * one.Operations, two.Operations, 6);
        Assert.Equal(2 * one.BytesMoved, two.BytesMoved);
    }
}
