using Vedliot.Runtime.Models;
using Vedliot.Runtime.Profiling;
using Vedliot.Testing.Runtime;

namespace Vedliot.Runtime.Tests.Profiling;

public class CandidateCutsTests
{
    private static ModelGraph Chain(int operations)
    {
        var builder = new OnnxModelBuilder().Input("t0", 4);
        for (var i = 1; i <= operations; i++)
        {
            builder.Node("Relu", [$"t{i - 1}"], [$"t{i}"]);
        }

        return ModelGraph.FromModel(builder.Output($"t{operations}", 4).Build(), "chain.onnx");
    }

    [Fact]
    public void Around_each_window_boundary_the_narrowest_cut_is_chosen()
    {
        // 12 operations, 2 candidates: windows of 4; near 4 the cut at 5 is narrowest, near 8 the cut at 7.
        var graph = Chain(12);
        long Bytes(CutPoint cut) => cut.Position switch { 5 => 1, 7 => 2, _ => 100 };

        Assert.Equal([5, 7], CandidateCuts.Choose(graph, 2, Bytes));
    }

    [Fact]
    public void Ties_go_to_the_cut_nearest_the_ideal_boundary()
    {
        Assert.Equal([4, 8], CandidateCuts.Choose(Chain(12), 2, _ => 10));
    }

    [Fact]
    public void A_model_with_few_cuts_keeps_them_all()
    {
        Assert.Equal([1, 2], CandidateCuts.Choose(Chain(3), 8, _ => 1));
    }
}
