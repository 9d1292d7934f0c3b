using Microsoft.ML.OnnxRuntime;
using Vedliot.Accelerators.OnnxRuntime;
using Vedliot.Accelerators.Tensors;
using Vedliot.Runtime;
using Vedliot.Runtime.Models;
using Vedliot.Runtime.Partitioning;

namespace Vedliot.Accelerators.Conformance;

/// <summary>
/// Checks Vedliot's partitioner and partitioned execution against ONNX's own backend test data
/// (folders holding <c>model.onnx</c> and <c>test_data_set_N/{input_K.pb, output_K.pb}</c>): each model
/// runs whole and split at every cut point (one two-way split per cut, and one split at all cuts at
/// once), and every run must give the reference outputs within ONNX's tolerances.
/// </summary>
/// <remarks>
/// The reference is the test's expected outputs when ONNX Runtime's whole-model run reproduces them.
/// When ONNX Runtime cannot load or run a model, or its own output deviates from the expected one, the
/// model is skipped with that reason (splits are still compared with ONNX Runtime's whole-model output,
/// and a mismatch there fails the model).
/// </remarks>
public sealed class BackendConformance
{
    // Operators whose outputs are random: splitting cannot be checked against a reference run.
    private static readonly HashSet<string> NondeterministicOperators = new(StringComparer.Ordinal)
    {
        "RandomNormal", "RandomNormalLike", "RandomUniform", "RandomUniformLike", "Bernoulli", "Multinomial", "Dropout",
    };

    private readonly OnnxRuntimeOptions _options;
    private readonly TensorComparer _comparer;

    /// <summary>Creates a checker that runs models with <paramref name="options"/>.</summary>
    public BackendConformance(OnnxRuntimeOptions options, TensorComparer? comparer = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _comparer = comparer ?? TensorComparer.OnnxBackend;
    }

    /// <summary>The test folders (those holding a model.onnx) directly under each of <paramref name="suiteDirectories"/>, sorted.</summary>
    public static IReadOnlyList<string> FindTests(IEnumerable<string> suiteDirectories) =>
        suiteDirectories
            .SelectMany(Directory.EnumerateDirectories)
            .Where(dir => File.Exists(Path.Combine(dir, "model.onnx")))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Checks every test folder in <paramref name="testDirectories"/>.</summary>
    public ConformanceReport Run(IEnumerable<string> testDirectories, IProgress<ConformanceResult>? progress = null)
    {
        var results = new List<ConformanceResult>();
        foreach (var directory in testDirectories)
        {
            var result = RunTest(directory);
            results.Add(result);
            progress?.Report(result);
        }

        return new ConformanceReport(results);
    }

    /// <summary>Checks one test folder.</summary>
    public ConformanceResult RunTest(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var name = $"{Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(directory).TrimEnd('/')))}/{Path.GetFileName(directory.TrimEnd('/'))}";
        ModelGraph graph;
        try
        {
            graph = ModelGraph.Load(Path.Combine(directory, "model.onnx"));
        }
        catch (ModelFormatException e)
        {
            return new ConformanceResult(name, ConformanceOutcome.Failed, e.Message, 0, 0);
        }

        var operations = graph.Operations.Count;
        var dataSets = Directory.EnumerateDirectories(directory, "test_data_set_*").Order(StringComparer.Ordinal).ToList();
        if (dataSets.Count == 0)
        {
            return new ConformanceResult(name, ConformanceOutcome.Skipped, "no test_data_set folder", operations, 0);
        }

        PartitionChain whole;
        try
        {
            whole = PartitionChain.CreateWhole(graph, _options);
        }
        catch (OnnxRuntimeFailureException e)
        {
            return new ConformanceResult(name, ConformanceOutcome.Skipped, $"ONNX Runtime rejects the model: {e.InnerException?.Message.Split('\n')[0]}", operations, 0);
        }

        using (whole)
        {
            var partitioner = new ModelPartitioner(graph, new OnnxTypeResolver());
            var plans = SplitPlans(graph);
            var checkSplits = !graph.Operations.Any(n => NondeterministicOperators.Contains(n.OpType));
            string? deviation = null;
            var splitsChecked = 0;
            foreach (var dataSet in dataSets)
            {
                var outcome = RunDataSet(graph, whole, partitioner, checkSplits ? plans : [], dataSet);
                splitsChecked += outcome.SplitsChecked;
                if (outcome.Failure is not null || outcome.Skip is not null)
                {
                    return new ConformanceResult(name, outcome.Failure is not null ? ConformanceOutcome.Failed : ConformanceOutcome.Skipped, outcome.Failure ?? outcome.Skip, operations, splitsChecked);
                }

                deviation ??= outcome.Deviation;
            }

            if (deviation is not null)
            {
                return new ConformanceResult(name, ConformanceOutcome.Skipped, $"ONNX Runtime's own output deviates from the reference ({deviation}); its splits match its whole-model output", operations, splitsChecked);
            }

            return new ConformanceResult(name, ConformanceOutcome.Passed, checkSplits ? null : "random operator: outputs compared whole only", operations, splitsChecked);
        }
    }

    private static List<PartitionPlan> SplitPlans(ModelGraph graph)
    {
        var plans = graph.CutPoints.Select(c => PartitionPlan.AtPositions(graph, [c.Position])).ToList();
        if (graph.CutPoints.Count > 1)
        {
            plans.Add(PartitionPlan.AtPositions(graph, graph.CutPoints.Select(c => c.Position), "every cut"));
        }

        return plans;
    }

    private DataSetOutcome RunDataSet(ModelGraph graph, PartitionChain whole, ModelPartitioner partitioner, List<PartitionPlan> plans, string dataSet)
    {
        Dictionary<string, OrtValue> inputs;
        List<OrtValue> expected;
        try
        {
            inputs = ReadValues(dataSet, "input", graph.Inputs).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            expected = [.. ReadValues(dataSet, "output", graph.Outputs).Select(p => p.Value)];
        }
        catch (TensorFileException e)
        {
            return DataSetOutcome.Skipped($"test data cannot be read: {e.Message}");
        }

        try
        {
            ChainResult reference;
            try
            {
                reference = whole.Run(inputs);
            }
            catch (OnnxRuntimeFailureException e)
            {
                return DataSetOutcome.Skipped($"ONNX Runtime fails to run the model: {e.InnerException?.Message.Split('\n')[0]}");
            }

            using (reference)
            {
                var deviation = Compare(reference, expected);
                var target = deviation is null ? expected : reference.Outputs.Select(o => o.Value).ToList();
                var checkedSplits = 0;
                foreach (var plan in plans)
                {
                    var failure = RunSplit(partitioner, plan, inputs, target);
                    if (failure is not null)
                    {
                        return new DataSetOutcome(checkedSplits, failure, null, deviation);
                    }

                    checkedSplits++;
                }

                return new DataSetOutcome(checkedSplits, null, null, deviation);
            }
        }
        finally
        {
            foreach (var value in inputs.Values.Concat(expected))
            {
                value.Dispose();
            }
        }
    }

    private string? RunSplit(ModelPartitioner partitioner, PartitionPlan plan, Dictionary<string, OrtValue> inputs, List<OrtValue> target)
    {
        var where = plan.Cuts.Count == 1 ? $"split at cut {plan.Cuts[0]}" : $"split at all {plan.Cuts.Count} cuts";
        try
        {
            using var chain = PartitionChain.Create(partitioner.Split(plan), _options);
            using var result = chain.Run(inputs);
            var mismatch = Compare(result, target);
            return mismatch is null ? null : $"{where}: {mismatch}";
        }
        catch (VedliotException e)
        {
            return $"{where}: {e.Message}";
        }
    }

    private string? Compare(ChainResult result, List<OrtValue> expected)
    {
        for (var i = 0; i < expected.Count; i++)
        {
            var comparison = _comparer.Compare(result.Outputs[i].Value, expected[i]);
            if (!comparison.Matches)
            {
                return $"output '{result.Outputs[i].Key}': {comparison.Mismatch}";
            }
        }

        return null;
    }

    // Backend test files are numbered in the model's input (or output) order; a tensor's name may repeat it.
    private static List<KeyValuePair<string, OrtValue>> ReadValues(string dataSet, string prefix, IReadOnlyList<ModelTensor> declared)
    {
        var values = new List<KeyValuePair<string, OrtValue>>();
        try
        {
            for (var k = 0; k < declared.Count; k++)
            {
                var path = Path.Combine(dataSet, $"{prefix}_{k}.pb");
                if (!File.Exists(path))
                {
                    throw new TensorFileException(path, $"missing: the model has {declared.Count} {prefix}s");
                }

                values.Add(KeyValuePair.Create(declared[k].Name, OnnxDataFile.Read(path, declared[k].DeclaredType)));
            }

            return values;
        }
        catch
        {
            values.ForEach(v => v.Value.Dispose());
            throw;
        }
    }

    private sealed record DataSetOutcome(int SplitsChecked, string? Failure, string? Skip, string? Deviation)
    {
        public static DataSetOutcome Skipped(string reason) => new(0, null, reason, null);
    }
}
