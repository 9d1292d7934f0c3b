using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Vedliot.Accelerators.Discovery;
using Vedliot.Accelerators.OnnxRuntime;
using Vedliot.Accelerators.Tensors;
using Vedliot.Messaging.Tensors;
using Vedliot.Runtime.Execution;
using Vedliot.Runtime.Models;
using Vedliot.Runtime.Partitioning;
using Vedliot.Runtime.Placement;
using Vedliot.Runtime.Platform;
using Vedliot.Runtime.Profiling;

namespace Vedliot.Benchmarks;

/// <summary>
/// Issue 14's prediction accuracy on present hardware: PP-OCRv4 recognition is profiled block by block on this
/// machine's CPU (with the whole model, for the fixed cost per stage, and the host's codec cost), cut into 2, 3
/// and 4 stages of about equal predicted time, and each placement's prediction (per stage and end to end,
/// handovers encoded and decoded with the tensor bundle codec as the nodes do) is compared with the same
/// partitions run as a chain that encodes and decodes at every cut (goal: within 10%). Profiling and measuring
/// alternate over rounds, so that slow drifts of the machine's speed affect both sides alike; medians over rounds.
/// </summary>
internal static class PredictionAccuracyBenchmark
{
    private const int Rounds = 3;
    private const double Goal = 0.10;

    public static void Run(BenchmarkOptions options, TextWriter output)
    {
        var runtime = new OnnxRuntimeOptions { IntraOpThreads = options.Threads, InterOpThreads = 1 };
        var graph = ModelGraph.Load(Path.Combine(options.DepsDirectory, "npm", "@gutenye", "ocr-models@1.4.2", "assets", "ch_PP-OCRv4_rec_infer.onnx"));
        using var input = PartitioningBenchmarks.Input([1, 3, 48, 320]);
        var inputs = new Dictionary<string, OrtValue> { [graph.Inputs[0].Name] = input };
        var sizes = ActivationProbe.MeasureCrossingBytes(graph, inputs, runtime);
        var candidateCuts = CandidateCuts.Choose(graph, 8, cut => cut.Crossing.Sum(t => sizes[t.Name]));
        var partitioner = new ModelPartitioner(graph, new OnnxTypeResolver());
        var blocks = partitioner.Split(PartitionPlan.AtPositions(graph, candidateCuts));
        var whole = partitioner.Split(PartitionPlan.AtPositions(graph, [])).Partitions[0];
        var cpu = new Module("cpu", ModuleKind.Cpu, "local", "this machine's CPU", new Dictionary<Precision, double>(), new MemorySpec(long.MaxValue, 0), OperatorSupport.All(Precision.Fp32), new PowerModel(0, 0), 0, 1, "onnxruntime:CPU", Presence.Present, null, new Dictionary<string, string>());
        var accelerator = AcceleratorFactory.Create(cpu, runtime);
        var profiler = new Profiler(new ProfilerOptions { MinimumRuns = 5, MaximumRuns = 30, CacheDirectory = null });
        var inventory = new Inventory([cpu], []);
        ProfileTable Profile() => profiler.Profile(blocks, whole, inputs, [accelerator], accelerator, "benchmark");
        PlacementProblem Problem(ProfileTable table) => PlacementProblems.FromProfile(table, inventory, PlacementConstraints.None, _ => true, new HashSet<string>());

        var first = Profile();
        var overhead = first.StageOverheads.Single();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Prediction vs measurement, {graph.Inputs[0].Name} [1, 3, 48, 320] through {Path.GetFileName(graph.Source)} on this CPU ({first.BlockCount} profiled blocks): fixed cost per stage {overhead.Overhead.LatencyMs:0.000} ms ({overhead.Source}), whole model {overhead.WholeModelLatencyMs:0.000} ms; codec encode {first.Codec.EncodeFixedMs * 1000:0.0} µs + {first.Codec.EncodeMsPerByte * 1e6:0.000} ms/MB, decode {first.Codec.DecodeFixedMs * 1000:0.0} µs + {first.Codec.DecodeMsPerByte * 1e6:0.000} ms/MB"));
        foreach (var stageCount in new[] { 2, 3, 4 })
        {
            var stages = EqualStages(Problem(first), stageCount, cpu.Id);
            var split = partitioner.Split(PartitionPlan.AtPositions(graph, stages.Take(stages.Count - 1).Select(s => candidateCuts[s.EndBlock - 1])));
            var sessions = split.Partitions.Select(accelerator.Load).ToList();
            try
            {
                var predictions = new List<Placement>();
                var measurements = new List<(double[] StageMs, double EndToEndMs)>();
                for (var round = 0; round < Rounds; round++)
                {
                    predictions.Add(PlacementSolver.Predict(Problem(round == 0 ? first : Profile()), stages, PlacementObjective.Latency));
                    measurements.Add(Measure(split, sessions, inputs, Math.Max(5, options.Iterations / 4)));
                }

                Report(output, stageCount, stages, candidateCuts, predictions, measurements);
            }
            finally
            {
                sessions.ForEach(s => s.Dispose());
            }
        }
    }

    private static void Report(TextWriter output, int stageCount, List<StageChoice> stages, IReadOnlyList<int> candidateCuts, List<Placement> predictions, List<(double[] StageMs, double EndToEndMs)> measurements)
    {
        var cuts = string.Join(", ", stages.Take(stages.Count - 1).Select(s => candidateCuts[s.EndBlock - 1]));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {stageCount} stages (cut after operations {cuts}):"));
        for (var s = 0; s < stageCount; s++)
        {
            var predicted = Median(predictions.Select(p => p.Stages[s].LatencyMs));
            var measured = Median(measurements.Select(m => m.StageMs[s]));
            output.WriteLine(Line($"    stage {s + 1}", predicted, measured));
        }

        output.WriteLine(Line("    end to end (stages + encode/decode at each cut)", Median(predictions.Select(p => p.LatencyMs)), Median(measurements.Select(m => m.EndToEndMs))));
    }

    private static string Line(string what, double predicted, double measured) => string.Create(
        CultureInfo.InvariantCulture,
        $"{what,-52} predicted {predicted,8:0.000} ms  measured p50 {measured,8:0.000} ms  predicted/measured {predicted / measured:0.000} (goal within {Goal:P0}: {(Math.Abs((predicted / measured) - 1) <= Goal ? "met" : "NOT met")})");

    // Stages of about equal predicted time: the cut after the block where the running sum passes each share.
    private static List<StageChoice> EqualStages(PlacementProblem problem, int stageCount, string moduleId)
    {
        var latencies = problem.Blocks.Select(b => b.CostByModule[0].LatencyMs).ToArray();
        var total = latencies.Sum();
        var bounds = new List<int> { 0 };
        double running = 0;
        for (var b = 0; b < latencies.Length - 1 && bounds.Count < stageCount; b++)
        {
            running += latencies[b];
            var remainingBlocks = latencies.Length - (b + 1);
            if (running >= total * bounds.Count / stageCount || remainingBlocks == stageCount - bounds.Count)
            {
                bounds.Add(b + 1);
            }
        }

        bounds.Add(latencies.Length);
        return bounds.Zip(bounds.Skip(1), (first, end) => new StageChoice(first, end, moduleId)).ToList();
    }

    /// <summary>Median run time of each stage's session and of the whole chain with a bundle encoded and decoded at every cut.</summary>
    private static (double[] StageMs, double EndToEndMs) Measure(PartitionedModel split, List<IAcceleratorSession> sessions, Dictionary<string, OrtValue> inputs, int iterations)
    {
        var stageTimes = sessions.Select(_ => new List<double>()).ToArray();
        var endToEnd = new List<double>();
        for (var i = -1; i < iterations; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var times = RunChain(split, sessions, inputs);
            var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (i >= 0)
            {
                endToEnd.Add(elapsed);
                for (var s = 0; s < times.Length; s++)
                {
                    stageTimes[s].Add(times[s]);
                }
            }
        }

        return (stageTimes.Select(Median).ToArray(), Median(endToEnd));
    }

    private static double[] RunChain(PartitionedModel split, List<IAcceleratorSession> sessions, Dictionary<string, OrtValue> inputs)
    {
        var times = new double[sessions.Count];
        var flowing = new Dictionary<string, OrtValue>(inputs, StringComparer.Ordinal);
        var borrowed = new List<BorrowedOrtValue>();
        try
        {
            for (var s = 0; s < sessions.Count; s++)
            {
                using var run = sessions[s].Run(split.Partitions[s].Inputs.ToDictionary(t => t.Name, t => flowing[t.Name], StringComparer.Ordinal));
                times[s] = run.Latency.TotalMilliseconds;
                if (s == sessions.Count - 1)
                {
                    break;
                }

                foreach (var (name, value) in run.Outputs)
                {
                    flowing[name] = value;
                }

                // The handover the nodes make: the crossing tensors into one bundle, and back out of it without a copy.
                var crossing = split.CutAfter(s).Crossing.Select(t => new NamedTensor { Name = t.Name, Frame = TensorFrameConversion.ViewAsFrame(flowing[t.Name], t.Name, 1, 1, (uint)s + 1) }).ToList();
                var bytes = TensorBundleCodec.Encode(new TensorBundle { PipelineId = 1, RequestId = 1, StageIndex = (uint)s + 1, Tensors = crossing });
                flowing.Clear();
                foreach (var tensor in TensorBundleCodec.Decode(bytes).Tensors)
                {
                    var value = TensorFrameConversion.BorrowOrtValue(tensor.Frame, tensor.Name);
                    borrowed.Add(value);
                    flowing[tensor.Name] = value.Value;
                }
            }
        }
        finally
        {
            borrowed.ForEach(b => b.Dispose());
        }

        return times;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
