using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Vedliot.Accelerators.Discovery;
using Vedliot.Accelerators.OnnxRuntime;
using Vedliot.Runtime.Models;
using Vedliot.Runtime.Partitioning;
using Vedliot.Runtime.Placement;
using Vedliot.Runtime.Platform;
using Vedliot.Runtime.Platform.Descriptors;
using Vedliot.Runtime.Profiling;

namespace Vedliot.Benchmarks;

/// <summary>
/// Issue 4's solver time on a real problem: PP-OCRv4 detection with a block after every one of its
/// operations, on the RECS-like descriptor's modules (profiled through their device models), solved for
/// each objective (goal: 200 ms each).
/// </summary>
internal static class PlacementOnRealModelBenchmark
{
    private const double GoalMs = 200;

    public static void Run(BenchmarkOptions options, TextWriter output)
    {
        var runtime = new OnnxRuntimeOptions { IntraOpThreads = options.Threads, InterOpThreads = 1 };
        var graph = ModelGraph.Load(Path.Combine(options.DepsDirectory, "npm", "@gutenye", "ocr-models@1.4.2", "assets", "ch_PP-OCRv4_det_infer.onnx"));
        var platform = PlatformDescriptor.Load(Path.Combine(options.RepositoryRoot, "platforms", "recs-box.yaml"));
        using var input = PartitioningBenchmarks.Input([1, 3, 320, 320]);
        var inputs = new Dictionary<string, OrtValue> { ["x"] = input };
        var cuts = graph.CutPoints.Select(c => c.Position).ToList();
        var partitioner = new ModelPartitioner(graph, new OnnxTypeResolver());
        var blocks = partitioner.Split(PartitionPlan.AtPositions(graph, cuts));
        var whole = partitioner.Split(PartitionPlan.AtPositions(graph, [])).Partitions[0];
        var accelerators = platform.Modules.Select(m => AcceleratorFactory.Create(m, runtime)).ToList();
        var profiling = Stopwatch.StartNew();
        var profile = new Profiler(new ProfilerOptions { WarmupRuns = 0, MinimumRuns = 1, MaximumRuns = 1, CacheDirectory = null })
            .Profile(blocks, whole, inputs, accelerators, accelerators[0], "benchmark");
        profiling.Stop();
        var inventory = new Inventory(platform.Modules, platform.Links);
        var problem = PlacementProblems.FromProfile(profile, inventory, PlacementConstraints.None, _ => true, new HashSet<string>());
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"PP-OCRv4 detection, {profile.BlockCount} blocks x {platform.Modules.Count} modules of {Path.GetFileName(platform.Source)} (profiled through device models in {profiling.Elapsed.TotalSeconds:0.0} s):"));
        foreach (var objective in Enum.GetValues<PlacementObjective>())
        {
            PlacementSolver.Solve(problem, objective);
            var times = new double[5];
            Placement? placement = null;
            for (var i = 0; i < times.Length; i++)
            {
                var start = Stopwatch.GetTimestamp();
                placement = PlacementSolver.Solve(problem, objective);
                times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }

            var median = times.Order().ElementAt(times.Length / 2);
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  {objective,-20} solver p50 {median,8:0.000} ms  ratio to the {GoalMs:0} ms goal {median / GoalMs:0.000} ({(median <= GoalMs ? "met" : "NOT met")}); {placement!.Stages.Count} stage(s): {string.Join(" → ", placement.Stages.Select(s => s.ModuleId))}"));
        }
    }
}
