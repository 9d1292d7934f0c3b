using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Vedliot.Accelerators.OnnxRuntime;
using Vedliot.Accelerators.Tensors;
using Vedliot.Hosting.Profiling;
using Vedliot.Runtime.Models;
using Vedliot.Runtime.Partitioning;

namespace Vedliot.Cli.Running;

/// <summary>
/// Runs a model whole and split into partitions on the same inputs, times both, and checks that the
/// partitioned outputs equal the whole model's.
/// </summary>
internal sealed class ModelRun(TimeProvider timeProvider)
{
    public RunReport Execute(RunRequest request)
    {
        var graph = ModelGraph.Load(request.ModelPath);
        using var whole = PartitionChain.CreateWhole(graph, request.Runtime, timeProvider);
        var inputs = new Dictionary<string, OrtValue>(StringComparer.Ordinal);
        try
        {
            var inputReports = ModelInputs.Load(graph, whole.InputMetadata, request.Inputs, request.Dimensions, request.Seed, inputs);
            var plan = ChoosePlan(graph, request, inputs);
            var partitioned = new ModelPartitioner(graph, new OnnxTypeResolver()).Split(plan);
            var saved = request.SavePartitionsTo is { } folder ? Save(partitioned, folder) : [];
            using var chain = PartitionChain.Create(partitioned, request.Runtime, timeProvider);
            return Measure(graph, whole, chain, partitioned, inputs, inputReports, saved, request);
        }
        finally
        {
            foreach (var value in inputs.Values)
            {
                value.Dispose();
            }
        }
    }

    private static RunReport Measure(ModelGraph graph, PartitionChain whole, PartitionChain chain, PartitionedModel partitioned, Dictionary<string, OrtValue> inputs, IReadOnlyList<InputReport> inputReports, IReadOnlyList<string> saved, RunRequest request)
    {
        // One warm-up run each, then alternate so that both see the same machine conditions.
        using (whole.Run(inputs))
        using (chain.Run(inputs))
        {
        }

        var wholeLatencies = new List<double>();
        var stageLatencies = partitioned.Partitions.Select(_ => new List<double>()).ToArray();
        var chainLatencies = new List<double>();
        OutputMatch? match = null;
        IReadOnlyList<StageRun> lastStages = [];
        for (var i = 0; i < request.Repeat; i++)
        {
            using var expected = whole.Run(inputs);
            using var actual = chain.Run(inputs);
            wholeLatencies.Add(expected.TotalLatency.TotalMilliseconds);
            chainLatencies.Add(actual.TotalLatency.TotalMilliseconds);
            foreach (var stage in actual.Stages)
            {
                stageLatencies[stage.Index].Add(stage.Latency.TotalMilliseconds);
            }

            lastStages = actual.Stages;
            match ??= Compare(expected, actual, new TensorComparer(request.RelativeTolerance, request.AbsoluteTolerance));
        }

        var partitions = partitioned.Partitions.Select(p => new PartitionReport(
            p.Index + 1,
            p.FirstOperation,
            p.FirstOperation + p.OperationCount - 1,
            p.OperationCount,
            p.Model.Graph.Node.Count,
            [.. lastStages[p.Index].Crossing.Select(c => new CrossingTensor(c.Key, c.Value))],
            lastStages[p.Index].CrossingBytes,
            Median(stageLatencies[p.Index]))).ToList();

        return new RunReport(
            graph.Source,
            graph.Nodes.Count,
            graph.Operations.Count,
            OnnxSessionFactory.RequireProvider(request.Runtime.ExecutionProvider),
            OnnxRuntimeBuild.NativeLibraryVersion(),
            partitioned.Plan.Rule,
            inputReports,
            partitions,
            Median(wholeLatencies),
            Median(chainLatencies),
            request.Repeat,
            match!,
            saved);
    }

    private static OutputMatch Compare(ChainResult expected, ChainResult actual, TensorComparer comparer)
    {
        double worst = 0;
        for (var i = 0; i < expected.Outputs.Count; i++)
        {
            var comparison = comparer.Compare(actual.Outputs[i].Value, expected.Outputs[i].Value);
            if (!comparison.Matches)
            {
                return new OutputMatch(false, comparison.MaxAbsoluteDifference, comparer.RelativeTolerance, comparer.AbsoluteTolerance, $"output '{expected.Outputs[i].Key}': {comparison.Mismatch}");
            }

            worst = Math.Max(worst, comparison.MaxAbsoluteDifference);
        }

        return new OutputMatch(true, worst, comparer.RelativeTolerance, comparer.AbsoluteTolerance, null);
    }

    private static PartitionPlan ChoosePlan(ModelGraph graph, RunRequest request, Dictionary<string, OrtValue> inputs)
    {
        if (request.Cuts.Count > 0)
        {
            return PartitionPlan.AtPositions(graph, request.Cuts);
        }

        if (request.CutTensors.Count > 0)
        {
            return CutSelector.AtTensors(graph, request.CutTensors);
        }

        if (request.Rule == CutRule.FewestCrossingBytes && request.Partitions > 1)
        {
            var sizes = ActivationProbe.MeasureCrossingBytes(graph, inputs, request.Runtime);
            return CutSelector.Select(graph, request.Partitions, request.Rule, t => sizes.TryGetValue(t.Name, out var bytes) ? bytes : null);
        }

        return CutSelector.Select(graph, request.Partitions, request.Rule);
    }

    private static List<string> Save(PartitionedModel partitioned, string folder)
    {
        Directory.CreateDirectory(folder);
        var stem = Path.GetFileNameWithoutExtension(partitioned.Graph.Source);
        var count = partitioned.Partitions.Count;
        var paths = new List<string>();
        foreach (var partition in partitioned.Partitions)
        {
            var path = Path.Combine(folder, $"{stem}.part{partition.Index + 1}of{count}.onnx");
            File.WriteAllBytes(path, partition.Model.ToByteArray());
            paths.Add(path);
        }

        return paths;
    }

    private static double Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
