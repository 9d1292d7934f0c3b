using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Vedliot.Accelerators.Tensors;
using Vedliot.Runtime;
using Vedliot.Runtime.Models;
using Vedliot.Runtime.Partitioning;

namespace Vedliot.Accelerators.OnnxRuntime;

/// <summary>
/// Runs a model's partitions one after another in this process. Intermediate tensors pass from one
/// partition's session to the next as the same ONNX Runtime values, never copied, and are released as
/// soon as no later partition reads them.
/// </summary>
public sealed class PartitionChain : IDisposable
{
    private readonly Stage[] _stages;
    private readonly string[] _graphInputs;
    private readonly string[] _graphOutputs;
    private readonly RunOptions _runOptions = new();
    private readonly TimeProvider _timeProvider;

    private PartitionChain(Stage[] stages, ModelGraph graph, TimeProvider timeProvider)
    {
        _stages = stages;
        _graphInputs = graph.Inputs.Select(t => t.Name).ToArray();
        _graphOutputs = graph.Outputs.Select(t => t.Name).ToArray();
        _timeProvider = timeProvider;

        // Release each intermediate after the last partition that reads it, unless the model returns it.
        var lastReader = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < stages.Length; i++)
        {
            foreach (var input in stages[i].Inputs)
            {
                lastReader[input] = i;
            }
        }

        var kept = _graphOutputs.ToHashSet(StringComparer.Ordinal);
        var releaseAt = stages.Select(_ => new List<string>()).ToArray();
        for (var producer = 0; producer < stages.Length; producer++)
        {
            foreach (var name in stages[producer].Outputs.Where(n => !kept.Contains(n)))
            {
                releaseAt[Math.Max(producer, lastReader.GetValueOrDefault(name, -1))].Add(name);
            }
        }

        for (var i = 0; i < stages.Length; i++)
        {
            stages[i].ReleaseAfter = [.. releaseAt[i]];
        }

        InputMetadata = stages
            .SelectMany(s => s.Session.InputMetadata)
            .Where(m => _graphInputs.Contains(m.Key))
            .DistinctBy(m => m.Key)
            .ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal);
    }

    /// <summary>The types and shapes of the model inputs a caller feeds.</summary>
    public IReadOnlyDictionary<string, NodeMetadata> InputMetadata { get; }

    /// <summary>Number of partitions.</summary>
    public int StageCount => _stages.Length;

    /// <summary>Creates one session per partition of <paramref name="model"/>.</summary>
    /// <exception cref="ExecutionProviderUnavailableException">The provider is unknown or absent.</exception>
    /// <exception cref="OnnxRuntimeFailureException">ONNX Runtime refuses a partition.</exception>
    public static PartitionChain Create(PartitionedModel model, OnnxRuntimeOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var count = model.Partitions.Count;
        var stages = new List<Stage>(count);
        try
        {
            foreach (var partition in model.Partitions)
            {
                var label = $"{model.Graph.Source} (partition {partition.Index + 1} of {count})";
                var crossing = partition.Index < count - 1 ? model.CutAfter(partition.Index).Crossing.Select(t => t.Name).ToArray() : [];
                stages.Add(new Stage(
                    OnnxSessionFactory.Create(partition.ToBytes(), options, label),
                    label,
                    partition.Inputs.Select(t => t.Name).ToArray(),
                    partition.Outputs.Select(t => t.Name).ToArray(),
                    crossing));
            }
        }
        catch
        {
            stages.ForEach(s => s.Session.Dispose());
            throw;
        }

        return new PartitionChain([.. stages], model.Graph, timeProvider ?? TimeProvider.System);
    }

    /// <summary>Creates a one-stage chain that runs the whole model in a single session.</summary>
    /// <exception cref="ExecutionProviderUnavailableException">The provider is unknown or absent.</exception>
    /// <exception cref="OnnxRuntimeFailureException">ONNX Runtime refuses the model.</exception>
    public static PartitionChain CreateWhole(ModelGraph graph, OnnxRuntimeOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var stage = new Stage(
            OnnxSessionFactory.Create(graph.Model.ToByteArray(), options, graph.Source),
            graph.Source,
            graph.Inputs.Select(t => t.Name).ToArray(),
            graph.Outputs.Select(t => t.Name).ToArray(),
            []);
        return new PartitionChain([stage], graph, timeProvider ?? TimeProvider.System);
    }

    /// <summary>Runs the chain on <paramref name="inputs"/>, which stay owned by the caller.</summary>
    /// <returns>The model's outputs and per-partition figures; the caller disposes it.</returns>
    /// <exception cref="VedliotException">An input is missing or unknown.</exception>
    /// <exception cref="OnnxRuntimeFailureException">ONNX Runtime fails to run a partition.</exception>
    public ChainResult Run(IReadOnlyDictionary<string, OrtValue> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        CheckInputs(inputs);
        var values = new Dictionary<string, OrtValue>(inputs.Count + 16, StringComparer.Ordinal);
        foreach (var (name, value) in inputs)
        {
            values[name] = value;
        }

        var runs = new StageRun[_stages.Length];
        try
        {
            for (var s = 0; s < _stages.Length; s++)
            {
                var stage = _stages[s];
                var feeds = new OrtValue[stage.Inputs.Length];
                for (var i = 0; i < feeds.Length; i++)
                {
                    feeds[i] = values[stage.Inputs[i]];
                }

                var started = _timeProvider.GetTimestamp();
                IReadOnlyCollection<OrtValue> results;
                try
                {
                    results = stage.Session.Run(_runOptions, stage.Inputs, feeds, stage.Outputs);
                }
                catch (OnnxRuntimeException e)
                {
                    throw new OnnxRuntimeFailureException(stage.Label, "fails to run it", e);
                }

                var latency = _timeProvider.GetElapsedTime(started);
                var index = 0;
                foreach (var result in results)
                {
                    values[stage.Outputs[index++]] = result;
                }

                runs[s] = new StageRun(s, latency, stage.Crossing.Length == 0 ? [] : [.. stage.Crossing.Select(name => KeyValuePair.Create(name, OrtValueSize.Bytes(values[name])))]);

                // Everything released here was made by a stage, never fed by the caller.
                foreach (var name in stage.ReleaseAfter)
                {
                    if (values.Remove(name, out var released))
                    {
                        released.Dispose();
                    }
                }
            }

            var outputs = new KeyValuePair<string, OrtValue>[_graphOutputs.Length];
            var owned = new List<OrtValue>(_graphOutputs.Length);
            for (var i = 0; i < outputs.Length; i++)
            {
                var value = values[_graphOutputs[i]];
                outputs[i] = KeyValuePair.Create(_graphOutputs[i], value);
                if (!inputs.ContainsKey(_graphOutputs[i]))
                {
                    owned.Add(value);
                }
            }

            return new ChainResult(outputs, owned, runs);
        }
        catch
        {
            foreach (var (name, value) in values)
            {
                if (!inputs.ContainsKey(name))
                {
                    value.Dispose();
                }
            }

            throw;
        }
    }

    /// <summary>Releases the sessions.</summary>
    public void Dispose()
    {
        foreach (var stage in _stages)
        {
            stage.Session.Dispose();
        }

        _runOptions.Dispose();
    }

    private void CheckInputs(IReadOnlyDictionary<string, OrtValue> inputs)
    {
        if (inputs.Count == _graphInputs.Length && _graphInputs.All(inputs.ContainsKey))
        {
            return;
        }

        var missing = _graphInputs.Where(name => !inputs.ContainsKey(name)).ToList();
        if (missing.Count > 0)
        {
            throw new VedliotException($"{_stages[0].Label}: input {string.Join(", ", missing.Select(m => $"'{m}'"))} is not given; the model's inputs are {string.Join(", ", _graphInputs.Select(m => $"'{m}'"))}");
        }

        var unknown = inputs.Keys.Where(name => !_graphInputs.Contains(name)).ToList();
        if (unknown.Count > 0)
        {
            throw new VedliotException($"{_stages[0].Label}: the model has no input {string.Join(", ", unknown.Select(m => $"'{m}'"))}; its inputs are {string.Join(", ", _graphInputs.Select(m => $"'{m}'"))}");
        }
    }

    private sealed record Stage(InferenceSession Session, string Label, string[] Inputs, string[] Outputs, string[] Crossing)
    {
        public string[] ReleaseAfter { get; set; } = [];
    }
}
