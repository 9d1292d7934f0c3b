using Onnx;
using Vedliot.Runtime.Models;
using Vedliot.Testing;
using Vedliot.Testing.Runtime;

namespace Vedliot.Runtime.Tests.Models;

public class ModelGraphTests
{
    // x -> Relu(a) -> Sigmoid(b) -> Add(a, b) = y : a skip connection around the Sigmoid.
    private static ModelGraph SkipConnection() => ModelGraph.FromModel(
        new OnnxModelBuilder()
            .Input("x", 1, 4)
            .Node("Relu", ["x"], ["a"])
            .Node("Sigmoid", ["a"], ["b"])
            .Node("Add", ["a", "b"], ["y"])
            .Output("y", 1, 4)
            .Build(),
        "skip.onnx");

    [Fact]
    public void Every_prefix_of_the_operations_is_a_cut()
    {
        var graph = SkipConnection();

        Assert.Equal([1, 2], graph.CutPoints.Select(c => c.Position));
    }

    [Fact]
    public void A_skip_connection_makes_two_tensors_cross_the_cut_it_spans()
    {
        var graph = SkipConnection();

        Assert.Equal(["a"], graph.CutAt(1).Crossing.Select(t => t.Name));
        Assert.Equal(["a", "b"], graph.CutAt(2).Crossing.Select(t => t.Name).Order());
    }

    [Fact]
    public void Crossing_bytes_come_from_declared_static_shapes()
    {
        var graph = ModelGraph.FromModel(
            new OnnxModelBuilder().Input("x", 2, 3).Node("Relu", ["x"], ["a"]).ValueInfo("a", 2, 3).Node("Neg", ["a"], ["y"]).Output("y", 2, 3).Build(),
            "m.onnx");

        Assert.Equal(2 * 3 * 4, graph.CutAt(1).CrossingBytes);
    }

    [Fact]
    public void Crossing_bytes_are_unknown_when_a_crossing_tensor_has_no_static_shape()
    {
        var graph = SkipConnection();

        Assert.Null(graph.CutAt(1).CrossingBytes);
    }

    [Fact]
    public void A_graph_input_read_after_a_cut_crosses_it()
    {
        var graph = ModelGraph.FromModel(
            new OnnxModelBuilder()
                .Input("x", 1, 4)
                .Node("Relu", ["x"], ["a"])
                .Node("Add", ["a", "x"], ["y"])
                .Output("y", 1, 4)
                .Build(),
            "m.onnx");

        Assert.Equal(["x", "a"], graph.CutAt(1).Crossing.Select(t => t.Name));
    }

    [Fact]
    public void Constant_nodes_are_weights_not_operations()
    {
        var graph = ModelGraph.FromModel(
            new OnnxModelBuilder()
                .Input("x", 1, 2)
                .Constant("c", [1f, 2f], [1, 2])
                .Node("Add", ["x", "c"], ["a"])
                .Node("Mul", ["a", "c"], ["y"])
                .Output("y", 1, 2)
                .Build(),
            "m.onnx");

        Assert.Equal(3, graph.Nodes.Count);
        Assert.Equal(["Add", "Mul"], graph.Operations.Select(n => n.OpType));
        Assert.Equal(TensorOrigin.Constant, graph.Tensors["c"].Origin);
        Assert.Equal(["a"], graph.CutAt(1).Crossing.Select(t => t.Name));
    }

    [Fact]
    public void Initializers_listed_as_graph_inputs_are_not_inputs_a_caller_feeds()
    {
        var graph = ModelGraph.FromModel(
            new OnnxModelBuilder(opset: 9, irVersion: 3)
                .Input("x", 1, 2)
                .Initializer("w", [1f, 2f], [1, 2], alsoAsInput: true)
                .Node("Add", ["x", "w"], ["y"])
                .Output("y", 1, 2)
                .Build(),
            "m.onnx");

        Assert.Equal(["x"], graph.Inputs.Select(t => t.Name));
        Assert.Equal(TensorOrigin.Initializer, graph.Tensors["w"].Origin);
    }

    [Fact]
    public void Nodes_out_of_order_in_the_file_are_put_in_topological_order()
    {
        var graph = ModelGraph.FromModel(
            new OnnxModelBuilder()
                .Input("x", 1)
                .Node("Neg", ["a"], ["y"])
                .Node("Relu", ["x"], ["a"])
                .Output("y", 1)
                .Build(),
            "m.onnx");

        Assert.Equal(["Relu", "Neg"], graph.Operations.Select(n => n.OpType));
    }

    [Fact]
    public void A_subgraph_reading_an_outer_tensor_makes_its_node_depend_on_it()
    {
        var thenBranch = new GraphProto { Name = "then" };
        thenBranch.Node.Add(new NodeProto { OpType = "Identity", Input = { "a" }, Output = { "t" } });
        thenBranch.Output.Add(new ValueInfoProto { Name = "t" });
        var elseBranch = new GraphProto { Name = "else" };
        elseBranch.Node.Add(new NodeProto { OpType = "Neg", Input = { "a" }, Output = { "e" } });
        elseBranch.Output.Add(new ValueInfoProto { Name = "e" });

        var graph = ModelGraph.FromModel(
            new OnnxModelBuilder()
                .Input("x", 1)
                .Input("flag", TensorProto.Types.DataType.Bool)
                .Node("Relu", ["x"], ["a"])
                .Node("If", ["flag"], ["y"], "if", OnnxModelBuilder.GraphAttribute("then_branch", thenBranch), OnnxModelBuilder.GraphAttribute("else_branch", elseBranch))
                .Output("y", 1)
                .Build(),
            "m.onnx");

        var ifNode = graph.Operations[1];
        Assert.Equal(["a"], ifNode.ImplicitInputs);
        Assert.Equal(["a", "flag"], graph.CutAt(1).Crossing.Select(t => t.Name).Order());
    }

    [Fact]
    public void A_node_reading_a_tensor_nobody_provides_is_refused_with_its_name()
    {
        var model = new OnnxModelBuilder().Input("x", 1).Node("Add", ["x", "ghost"], ["y"], "adder").Output("y", 1).Build();

        var error = Assert.Throws<ModelFormatException>(() => ModelGraph.FromModel(model, "bad.onnx"));

        Assert.Contains("bad.onnx", error.Message, StringComparison.Ordinal);
        Assert.Contains("'ghost'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'adder'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cycle_is_refused()
    {
        var model = new OnnxModelBuilder().Input("x", 1).Node("Add", ["x", "b"], ["a"]).Node("Neg", ["a"], ["b"]).Output("b", 1).Build();

        var error = Assert.Throws<ModelFormatException>(() => ModelGraph.FromModel(model, "cyclic.onnx"));

        Assert.Contains("cycle", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tensor_produced_twice_is_refused()
    {
        var model = new OnnxModelBuilder().Input("x", 1).Node("Relu", ["x"], ["a"]).Node("Neg", ["x"], ["a"]).Output("a", 1).Build();

        var error = Assert.Throws<ModelFormatException>(() => ModelGraph.FromModel(model, "twice.onnx"));

        Assert.Contains("'a' is produced twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_graph_output_nothing_produces_is_refused()
    {
        var model = new OnnxModelBuilder().Input("x", 1).Node("Relu", ["x"], ["a"]).Output("missing", 1).Build();

        var error = Assert.Throws<ModelFormatException>(() => ModelGraph.FromModel(model, "m.onnx"));

        Assert.Contains("'missing'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_ocr_detector_has_cuts_after_every_operation_but_the_last()
    {
        var graph = ModelGraph.Load(RepositoryPaths.OcrDetectionModel);

        Assert.Equal(672, graph.Nodes.Count);
        Assert.Equal(graph.Operations.Count - 1, graph.CutPoints.Count);
        Assert.All(graph.CutPoints, cut => Assert.NotEmpty(cut.Crossing));
        Assert.All(graph.CutPoints.SelectMany(c => c.Crossing), t => Assert.False(t.IsWeight));
    }
}
