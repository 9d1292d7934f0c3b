using Vedliot.Runtime.Models;
using Vedliot.Runtime.Partitioning;
using Vedliot.Testing.Runtime;

namespace Vedliot.Runtime.Tests.Partitioning;

public class CutSelectorTests
{
    private static ModelGraph Chain(int operations, Func<int, long>? width = null)
    {
        var builder = new OnnxModelBuilder().Input("t0", 1, width?.Invoke(0) ?? 4);
        for (var i = 1; i <= operations; i++)
        {
            builder.Node("Relu", [$"t{i - 1}"], [$"t{i}"]);
            if (i < operations)
            {
                builder.ValueInfo($"t{i}", 1, width?.Invoke(i) ?? 4);
            }
        }

        return ModelGraph.FromModel(builder.Output($"t{operations}", 1, 4).Build(), "chain.onnx");
    }

    [Theory]
    [InlineData(10, 2, new[] { 5 })]
    [InlineData(10, 3, new[] { 3, 6 })]
    [InlineData(10, 4, new[] { 2, 5, 7 })]
    [InlineData(4, 4, new[] { 1, 2, 3 })]
    public void Balanced_cuts_give_equal_operation_counts(int operations, int partitions, int[] expected)
    {
        var plan = CutSelector.Select(Chain(operations), partitions, CutRule.BalancedOperations);

        Assert.Equal(expected, plan.Cuts);
        Assert.Equal(partitions, plan.PartitionCount);
    }

    [Fact]
    public void One_partition_keeps_the_model_whole()
    {
        Assert.Empty(CutSelector.Select(Chain(3), 1, CutRule.BalancedOperations).Cuts);
    }

    [Fact]
    public void More_partitions_than_operations_is_refused_with_the_limit()
    {
        var error = Assert.Throws<PartitioningException>(() => CutSelector.Select(Chain(3), 4, CutRule.BalancedOperations));

        Assert.Equal("chain.onnx: the model has 3 operations, so it cannot be split into 4 partitions (at most 3)", error.Message);
    }

    [Fact]
    public void A_partition_count_below_one_is_refused()
    {
        Assert.Throws<PartitioningException>(() => CutSelector.Select(Chain(3), 0, CutRule.BalancedOperations));
    }

    [Fact]
    public void Fewest_bytes_picks_the_narrowest_cuts()
    {
        // Tensor t3 and t7 are narrow (1 element); every other activation holds 100.
        var graph = Chain(10, i => i is 3 or 7 ? 1 : 100);

        var plan = CutSelector.Select(graph, 3, CutRule.FewestCrossingBytes);

        Assert.Equal([3, 7], plan.Cuts);
    }

    [Fact]
    public void Fewest_bytes_equals_a_brute_force_search_on_random_chains()
    {
        var random = new Random(7);
        for (var trial = 0; trial < 200; trial++)
        {
            var operations = random.Next(2, 12);
            var widths = Enumerable.Range(0, operations + 1).Select(_ => (long)random.Next(1, 50)).ToArray();
            var graph = Chain(operations, i => widths[i]);
            var partitions = random.Next(1, operations + 1);
            var minimum = Math.Max(1, operations / (2 * partitions));

            var best = BruteForce(operations, partitions, minimum, p => widths[p] * 4);
            if (best is null)
            {
                Assert.Throws<PartitioningException>(() => CutSelector.Select(graph, partitions, CutRule.FewestCrossingBytes));
                continue;
            }

            var plan = CutSelector.Select(graph, partitions, CutRule.FewestCrossingBytes);
            Assert.Equal(best.Value, plan.Cuts.Sum(p => widths[p] * 4));
            var bounds = plan.Cuts.Prepend(0).Append(operations).ToList();
            Assert.All(bounds.Zip(bounds.Skip(1)), b => Assert.True(b.Second - b.First >= minimum));
        }
    }

    [Fact]
    public void Fewest_bytes_needs_a_size_for_every_crossing_tensor()
    {
        var graph = ModelGraph.FromModel(
            new OnnxModelBuilder().Input("x", 1).Node("Relu", ["x"], ["a"]).Node("Neg", ["a"], ["y"]).Output("y", 1).Build(),
            "m.onnx");

        var error = Assert.Throws<PartitioningException>(() => CutSelector.Select(graph, 2, CutRule.FewestCrossingBytes));
        Assert.Contains("'a'", error.Message, StringComparison.Ordinal);

        var plan = CutSelector.Select(graph, 2, CutRule.FewestCrossingBytes, t => t.Name == "a" ? 16 : null);
        Assert.Equal([1], plan.Cuts);
    }

    [Fact]
    public void A_tensor_that_alone_crosses_its_cut_can_be_cut_at()
    {
        var plan = CutSelector.AtTensors(Chain(5), ["t2", "t4"]);

        Assert.Equal([2, 4], plan.Cuts);
    }

    [Fact]
    public void A_tensor_bypassed_by_a_skip_connection_does_not_separate_the_graph()
    {
        var graph = ModelGraph.FromModel(
            new OnnxModelBuilder()
                .Input("x", 1)
                .Node("Relu", ["x"], ["a"])
                .Node("Sigmoid", ["a"], ["b"])
                .Node("Add", ["a", "b"], ["y"])
                .Output("y", 1)
                .Build(),
            "skip.onnx");

        var error = Assert.Throws<PartitioningException>(() => CutSelector.AtTensors(graph, ["b"]));

        Assert.Equal("skip.onnx: tensor 'b' does not separate the graph at the cut after operation 2 'Sigmoid_b'; also crossing: 'a' (made by 'Relu_a')", error.Message);
    }

    [Fact]
    public void Cutting_at_an_unknown_tensor_or_an_input_is_refused()
    {
        var graph = Chain(3);

        Assert.Contains("no tensor named 'zz'", Assert.Throws<PartitioningException>(() => CutSelector.AtTensors(graph, ["zz"])).Message, StringComparison.Ordinal);
        Assert.Contains("a graph input", Assert.Throws<PartitioningException>(() => CutSelector.AtTensors(graph, ["t0"])).Message, StringComparison.Ordinal);
        Assert.Contains("last operation", Assert.Throws<PartitioningException>(() => CutSelector.AtTensors(graph, ["t3"])).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { 0 }, "out of range")]
    [InlineData(new[] { 3 }, "out of range")]
    [InlineData(new[] { 2, 1 }, "strictly ascending")]
    [InlineData(new[] { 1, 1 }, "strictly ascending")]
    public void Explicit_positions_are_checked(int[] cuts, string reason)
    {
        var error = Assert.Throws<PartitioningException>(() => PartitionPlan.AtPositions(Chain(3), cuts));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    private static long? BruteForce(int operations, int partitions, int minimum, Func<int, long> cost)
    {
        long? best = null;
        void Search(int start, int remaining, long sum)
        {
            if (remaining == 0)
            {
                if (operations - start >= minimum && (best is null || sum < best))
                {
                    best = sum;
                }

                return;
            }

            for (var p = start + minimum; p < operations; p++)
            {
                Search(p, remaining - 1, sum + cost(p));
            }
        }

        Search(0, partitions - 1, 0);
        return best;
    }
}
