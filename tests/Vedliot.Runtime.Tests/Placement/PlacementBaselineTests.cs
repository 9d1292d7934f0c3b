using Vedliot.Runtime.Placement;
using static Vedliot.Runtime.Tests.Placement.TestChains;

namespace Vedliot.Runtime.Tests.Placement;

public sealed class PlacementBaselineTests
{
    [Fact]
    public void Baselines_stand_beside_the_placement_with_the_ratio_of_objective_values()
    {
        var modules = new[] { Module("cpu"), Module("gpu"), Module("npu") };
        var problem = Create(modules, [[Cost(1), Cost(9), Cost(9)], [Cost(9), Cost(1), Cost(9)], [Cost(9), Cost(9), Cost(1)]]);

        var report = PlacementSolver.SolveWithBaselines(problem, PlacementObjective.Latency);

        Assert.Equal(["cpu", "gpu", "npu"], ModulesOf(report.Placement));
        Assert.Equal(3 + (2 * 1.1), report.Placement.LatencyMs, 9);
        Assert.Equal(19, report.BestSingleModule.Placement!.LatencyMs, 9);
        Assert.Equal(1 + 1.1 + 10, report.BestTwoWaySplit.Placement!.LatencyMs, 9);
        Assert.Equal(report.Placement.LatencyMs / 19, report.BestSingleModule.Ratio!.Value, 9);
        Assert.Equal(report.Placement.LatencyMs / 12.1, report.BestTwoWaySplit.Ratio!.Value, 9);
        Assert.Equal("best single module", report.BestSingleModule.Name);
        Assert.Equal("best two-way split", report.BestTwoWaySplit.Name);
    }

    [Fact]
    public void Throughput_ratios_above_one_mean_the_placement_is_faster()
    {
        var problem = Create([Module("cpu"), Module("gpu")], [[Cost(5), Cost(5)], [Cost(5), Cost(5)]]);

        var report = PlacementSolver.SolveWithBaselines(problem, PlacementObjective.Throughput);

        Assert.Equal(2, report.BestSingleModule.Ratio!.Value, 9);
        Assert.Equal(1, report.BestTwoWaySplit.Ratio!.Value, 9);
    }

    [Fact]
    public void A_baseline_the_constraints_rule_out_says_why_instead_of_failing()
    {
        var problem = Create([Module("cpu"), Module("npu")], [[Cost(1), Unsupported("Resize")], [Unsupported("TopK"), Cost(1)]]);

        var report = PlacementSolver.SolveWithBaselines(problem, PlacementObjective.Latency);

        Assert.Null(report.BestSingleModule.Placement);
        Assert.Null(report.BestSingleModule.Ratio);
        Assert.Equal("no single module runs the whole model (operations 0..19): cpu does not run operator TopK, npu does not run operator Resize", report.BestSingleModule.InfeasibleReason);
        Assert.Equal(1, report.BestTwoWaySplit.Ratio!.Value, 9);
    }

    [Fact]
    public void A_two_way_split_beyond_the_stage_limit_is_reported_as_ruled_out()
    {
        var problem = Create([Module("cpu"), Module("gpu")], [[Cost(1), Cost(2)]], new PlacementConstraints { MaxStages = 1 });

        var report = PlacementSolver.SolveWithBaselines(problem, PlacementObjective.Energy);

        Assert.Null(report.BestTwoWaySplit.Placement);
        Assert.Equal("the constraints allow at most 1 stage(s)", report.BestTwoWaySplit.InfeasibleReason);
    }
}
