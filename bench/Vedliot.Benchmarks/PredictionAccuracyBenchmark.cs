using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Vedliot.Accelerators.Discovery;
using Vedliot.Accelerators.OnnxRuntime;
using Vedliot.Runtime.Models;
using Vedliot.Runtime.Partitioning;
using Vedliot.Runtime.Platform;
using Vedliot.Runtime.Profiling;

namespace Vedliot.Benchmarks;

/// <summary>
/// Issue 4's prediction accuracy: PP-OCRv4 detection is profiled block by block on this machine's CPU,
/// three stages are formed from the blocks, and the latency the profile predicts for them (the sum of
/// their blocks' medians) is compared with the measured median of the same three partitions run as a
/// chain (goal: within 10%). Profiling and measuring alternate over several rounds, so that slow drifts
/// of the machine's speed affect both sides alike.
/// </summary>
internal static class PredictionAccuracyBenchmark
{
    public static void Run(BenchmarkOptions options, TextWriter output)
    {
        var runtime = new OnnxRuntimeOptions { IntraOpThreads = options.Threads, InterOpThreads = 1 };
        var graph = ModelGraph.Load(Path.Combine(options.DepsDirectory, "npm", "@gutenye", "ocr-models@1.4.2", "assets", "ch_PP-OCRv4_det_infer.onnx"));
        using var input = PartitioningBenchmarks.Input([1, 3, 640, 640]);
        var inputs = new Dictionary<string, OrtValue> { ["x"] = input };
        var sizes = ActivationProbe.MeasureCrossingBytes(graph, inputs, runtime);
        var candidateCuts = CandidateCuts.Choose(graph, 8, cut => cut.Crossing.Sum(t => sizes[t.Name]));
        var partitioner = new ModelPartitioner(graph, new OnnxTypeResolver());
        var blocks = partitioner.Split(PartitionPlan.AtPositions(graph, candidateCuts));

        var cpu = new Module("cpu", ModuleKind.Cpu, "local", "this machine's CPU", new Dictionary<Precision, double>(), new MemorySpec(0, 0), OperatorSupport.All(Precision.Fp32), new PowerModel(0, 0), 0, 1, "onnxruntime:CPU", Presence.Present, null, new Dictionary<string, string>());
        var accelerator = AcceleratorFactory.Create(cpu, runtime);
        var profiler = new Profiler(new ProfilerOptions { MinimumRuns = 5, MaximumRuns = 20, CacheDirectory = null });
        var stageCuts = ThreeStageCuts(profiler.Profile(blocks, inputs, [accelerator], accelerator, "benchmark"));
        using var chain = PartitionChain.Create(partitioner.Split(PartitionPlan.AtPositions(graph, stageCuts.Select(b => candidateCuts[b - 1]))), runtime);
        var predictions = new List<double>();
        var measurements = new List<double>();
        for (var round = 0; round < 5; round++)
        {
            predictions.Add(profiler.Profile(blocks, inputs, [accelerator], accelerator, "benchmark").Entries.Sum(e => e.LatencyP50Ms));
            measurements.Add(MedianOf(() => chain.Run(inputs).Dispose(), Math.Max(5, options.Iterations / 4)));
        }

        var predicted = predictions.Order().ElementAt(2);
        var measured = measurements.Order().ElementAt(2);
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"3-stage placement of ch_PP-OCRv4_det_infer on this CPU (stages end at operations {string.Join(", ", stageCuts.Select(b => candidateCuts[b - 1]))}), median of 5 alternating rounds: predicted {predicted:0.000} ms, measured p50 {measured:0.000} ms, predicted/measured {predicted / measured:0.000} (goal within 10%: {(Math.Abs(predicted / measured - 1) <= 0.10 ? "met" : "NOT met")})"));
    }


    // Block indices where stage 2 and stage 3 start, splitting the summed block medians into thirds.
    private static int[] ThreeStageCuts(ProfileTable profile)
    {
        var latencies = Enumerable.Range(0, profile.BlockCount).Select(b => profile.Entry(b, "cpu").LatencyP50Ms).ToArray();
        var total = latencies.Sum();
        var cuts = new List<int>();
        double running = 0;
        for (var b = 0; b < latencies.Length - 1 && cuts.Count < 2; b++)
        {
            running += latencies[b];
            if (running >= total * (cuts.Count + 1) / 3)
            {
                cuts.Add(b + 1);
            }
        }

        for (var b = latencies.Length - 1; cuts.Count < 2; b--)
        {
            if (!cuts.Contains(b))
            {
                cuts.Add(b);
            }
        }

        return [.. cuts.Order()];
    }

    private static double MedianOf(Action action, int iterations)
    {
        action();
        var times = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var start = System.Diagnostics.Stopwatch.GetTimestamp();
            action();
            times[i] = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        return times.Order().ElementAt(iterations / 2);
    }
}
