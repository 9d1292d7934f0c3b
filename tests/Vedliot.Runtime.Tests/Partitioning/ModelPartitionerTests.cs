using Onnx;
using Vedliot.Runtime.Models;
using Vedliot.Runtime.Partitioning;
using Vedliot.Testing.Runtime;

namespace Vedliot.Runtime.Tests.Partitioning;

public class ModelPartitionerTests
{
    private static ModelGraph SkipWithWeights() => ModelGraph.FromModel(
        new OnnxModelBuilder()
            .Input("x", 1, 2)
            .Initializer("w", [1f, 2f], [1, 2])
            .Constant("c", [3f, 4f], [1, 2])
            .Node("Mul", ["x", "w"], ["a"])
            .Node("Add", ["a", "c"], ["b"])
            .Node("Add", ["a", "b"], ["s"])
            .Node("Mul", ["s", "c"], ["y"])
            .Output("y", 1, 2)
            .Build(),
        "skip.onnx");

    [Fact]
    public void Each_partition_carries_only_the_weights_it_reads()
    {
        var graph = SkipWithWeights();
        var split = new ModelPartitioner(graph, new DeclaringResolver()).Split(PartitionPlan.AtPositions(graph, [1, 2]));

        Assert.Equal(["w"], split.Partitions[0].Model.Graph.Initializer.Select(i => i.Name));
        Assert.Empty(split.Partitions[1].Model.Graph.Initializer);
        Assert.Equal(["Constant", "Add"], split.Partitions[1].Model.Graph.Node.Select(n => n.OpType));
        Assert.Equal(["Constant", "Add", "Mul"], split.Partitions[2].Model.Graph.Node.Select(n => n.OpType));
    }

    [Fact]
    public void Partition_inputs_and_outputs_are_what_crosses_their_cuts()
    {
        var graph = SkipWithWeights();
        var split = new ModelPartitioner(graph, new DeclaringResolver()).Split(PartitionPlan.AtPositions(graph, [1, 2]));

        Assert.Equal(["x"], split.Partitions[0].Inputs.Select(t => t.Name));
        Assert.Equal(["a"], split.Partitions[0].Outputs.Select(t => t.Name));
        Assert.Equal(["a"], split.Partitions[1].Inputs.Select(t => t.Name));
        Assert.Equal(["b"], split.Partitions[1].Outputs.Select(t => t.Name));
        Assert.Equal(["a", "b"], split.Partitions[2].Inputs.Select(t => t.Name));
        Assert.Equal(["y"], split.Partitions[2].Outputs.Select(t => t.Name));
    }

    [Fact]
    public void Partition_boundaries_are_typed_from_the_resolver_when_the_model_declares_nothing()
    {
        var graph = SkipWithWeights();
        var resolver = new DeclaringResolver();

        var split = new ModelPartitioner(graph, resolver).Split(PartitionPlan.AtPositions(graph, [1, 2]));

        var input = split.Partitions[2].Model.Graph.Input.Single(i => i.Name == "b");
        Assert.Equal((int)TensorProto.Types.DataType.Float, input.Type.TensorType.ElemType);
        Assert.Equal(1, resolver.Calls);
    }

    [Fact]
    public void Types_are_inferred_once_for_all_later_splits()
    {
        var graph = SkipWithWeights();
        var resolver = new DeclaringResolver();
        var partitioner = new ModelPartitioner(graph, resolver);

        partitioner.Split(PartitionPlan.AtPositions(graph, [1]));
        partitioner.Split(PartitionPlan.AtPositions(graph, [2]));
        partitioner.Split(PartitionPlan.AtPositions(graph, [1, 2, 3]));

        Assert.Equal(1, resolver.Calls);
    }

    [Fact]
    public void A_crossing_tensor_whose_type_cannot_be_inferred_is_named()
    {
        var graph = SkipWithWeights();

        var error = Assert.Throws<PartitioningException>(() => new ModelPartitioner(graph, new EmptyResolver()).Split(PartitionPlan.AtPositions(graph, [1])));

        Assert.Contains("'a'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Partitions_keep_opsets_metadata_and_say_where_they_come_from()
    {
        var model = SkipWithWeights().Model.Clone();
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "com.microsoft", Version = 1 });
        model.MetadataProps.Add(new StringStringEntryProto { Key = "author", Value = "tests" });
        var graph = ModelGraph.FromModel(model, "skip.onnx");

        var split = new ModelPartitioner(graph, new DeclaringResolver()).Split(PartitionPlan.AtPositions(graph, [2]));

        var part = split.Partitions[1].Model;
        Assert.Equal(model.OpsetImport, part.OpsetImport);
        Assert.Equal(model.IrVersion, part.IrVersion);
        var metadata = part.MetadataProps.ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal("tests", metadata["author"]);
        Assert.Equal("2/2", metadata["vedliot.partition"]);
        Assert.Equal("2..3", metadata["vedliot.operations"]);
        Assert.Equal(64, metadata["vedliot.source_sha256"].Length);
    }

    [Fact]
    public void Before_ir_version_4_initializers_stay_listed_as_inputs()
    {
        var graph = ModelGraph.FromModel(
            new OnnxModelBuilder(opset: 9, irVersion: 3)
                .Input("x", 1, 2)
                .Initializer("w", [1f, 2f], [1, 2], alsoAsInput: true)
                .Node("Relu", ["x"], ["a"])
                .ValueInfo("a", 1, 2)
                .Node("Add", ["a", "w"], ["y"])
                .Output("y", 1, 2)
                .Build(),
            "old.onnx");

        var split = new ModelPartitioner(graph, new EmptyResolver()).Split(PartitionPlan.AtPositions(graph, [1]));

        Assert.Equal(["x"], split.Partitions[0].Model.Graph.Input.Select(i => i.Name));
        Assert.Equal(["a", "w"], split.Partitions[1].Model.Graph.Input.Select(i => i.Name));
        Assert.Equal(["w"], split.Partitions[1].Model.Graph.Initializer.Select(i => i.Name));
    }

    [Fact]
    public void A_graph_output_made_early_leaves_from_the_partition_that_makes_it()
    {
        var graph = ModelGraph.FromModel(
            new OnnxModelBuilder()
                .Input("x", 1)
                .Node("Relu", ["x"], ["early"])
                .Node("Neg", ["early"], ["late"])
                .Output("early", 1)
                .Output("late", 1)
                .Build(),
            "two-outputs.onnx");

        var split = new ModelPartitioner(graph, new EmptyResolver()).Split(PartitionPlan.AtPositions(graph, [1]));

        Assert.Equal(["early"], split.Partitions[0].Outputs.Select(t => t.Name));
        Assert.Equal(["late"], split.Partitions[1].Outputs.Select(t => t.Name));
    }

    [Fact]
    public void The_whole_plan_gives_one_partition_with_every_node()
    {
        var graph = SkipWithWeights();

        var split = new ModelPartitioner(graph, new EmptyResolver()).Split(PartitionPlan.Whole);

        var only = Assert.Single(split.Partitions);
        Assert.Equal(graph.Nodes.Count, only.Model.Graph.Node.Count);
        Assert.Equal(["x"], only.Inputs.Select(t => t.Name));
        Assert.Equal(["y"], only.Outputs.Select(t => t.Name));
    }

    /// <summary>Types every requested tensor as a float tensor of unknown shape, and counts calls.</summary>
    private sealed class DeclaringResolver : IValueTypeResolver
    {
        public int Calls { get; private set; }

        public IReadOnlyDictionary<string, TypeProto> Resolve(ModelProto model, IReadOnlyCollection<string> tensorNames)
        {
            Calls++;
            return tensorNames.ToDictionary(n => n, _ => new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } });
        }
    }

    private sealed class EmptyResolver : IValueTypeResolver
    {
        public IReadOnlyDictionary<string, TypeProto> Resolve(ModelProto model, IReadOnlyCollection<string> tensorNames) => new Dictionary<string, TypeProto>();
    }
}
