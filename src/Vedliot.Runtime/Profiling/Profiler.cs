using System.Text.Json;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Vedliot.Runtime.Execution;
using Vedliot.Runtime.Partitioning;

namespace Vedliot.Runtime.Profiling;

/// <summary>
/// Measures what each block of a model costs on each module: every block runs on every module through
/// the module's accelerator (real or emulated), with warm-up runs and then repetitions until the median
/// latency settles. Each block gets its real inputs, made by running the blocks before it once on a
/// reference accelerator. The whole model runs once more on each module, so that what does not add up
/// block by block (the fixed cost of a call) is found and charged once per stage
/// (<see cref="StageOverheadProfile"/>); and the host's tensor codec cost is recorded. Results are cached and reused.
/// </summary>
public sealed class Profiler(ProfilerOptions options)
{
    /// <summary>Part of every cache key: profiles made before stage overheads and codec costs were recorded are not reused.</summary>
    private const string CostModelVersion = "cost model 2: stage overheads, codec";

    private readonly ProfilerOptions _options = Validated(options);

    /// <summary>Profiles <paramref name="blocks"/> on each of <paramref name="accelerators"/>.</summary>
    /// <param name="blocks">The model split at its candidate cuts.</param>
    /// <param name="whole">The same model as one partition (no cuts).</param>
    /// <param name="inputs">The model's inputs, owned by the caller.</param>
    /// <param name="accelerators">One accelerator per module to profile.</param>
    /// <param name="reference">Runs the chain once to make each block's inputs (usually this machine's CPU).</param>
    /// <param name="backendVersion">Version of the runtime behind the accelerators, part of the cache key.</param>
    /// <param name="progress">Told after each (block, module) pair.</param>
    /// <param name="cancellationToken">Observed before each (block, module) pair; a block's runs are not interrupted.</param>
    /// <exception cref="VedliotException">The reference accelerator cannot run a block.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired.</exception>
    public ProfileTable Profile(PartitionedModel blocks, ModelPartition whole, IReadOnlyDictionary<string, OrtValue> inputs, IReadOnlyList<IAccelerator> accelerators, IAccelerator reference, string backendVersion, IProgress<ProfilerProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        ArgumentNullException.ThrowIfNull(whole);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(accelerators);
        ArgumentNullException.ThrowIfNull(reference);
        var modelDigest = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(blocks.Graph.Model.ToByteArray()));
        var cache = _options.CacheDirectory is { } directory ? new ProfileCache(directory) : null;
        var key = ProfileCache.Key(
            [
                CostModelVersion,
                modelDigest,
                string.Join(",", blocks.Plan.Cuts),
                string.Join(";", inputs.OrderBy(i => i.Key, StringComparer.Ordinal).Select(i => $"{i.Key}:{Shape(i.Value)}")),
                backendVersion,
                .. accelerators.Select(a => JsonSerializer.Serialize(a.Module)),
            ]);
        if (cache is not null && cache.TryLoad(key, out var cached))
        {
            return cached;
        }

        var values = new Dictionary<string, OrtValue>(inputs, StringComparer.Ordinal);
        var owned = new List<AcceleratorRun>();
        try
        {
            var entries = new List<BlockProfile>();
            var crossing = new List<long>();
            var total = (blocks.Partitions.Count + 1) * accelerators.Count;
            foreach (var block in blocks.Partitions)
            {
                var blockInputs = block.Inputs.ToDictionary(t => t.Name, t => values[t.Name], StringComparer.Ordinal);
                foreach (var accelerator in accelerators)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    progress?.Report(new ProfilerProgress(entries.Count, total, $"block {block.Index + 1}/{blocks.Partitions.Count} on {accelerator.Module.Id}"));
                    entries.Add(Measure(block, blockInputs, accelerator));
                }

                // The reference run makes the next blocks' inputs.
                using var session = reference.Load(block);
                var run = session.Run(blockInputs);
                owned.Add(run);
                foreach (var (name, value) in run.Outputs)
                {
                    values[name] = value;
                }

                if (block.Index < blocks.Partitions.Count - 1)
                {
                    crossing.Add(blocks.CutAfter(block.Index).Crossing.Sum(t => values.TryGetValue(t.Name, out var v) ? Bytes(v) : 0));
                }
            }

            var overheads = new List<StageOverheadProfile>();
            foreach (var accelerator in accelerators)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(new ProfilerProgress(entries.Count + overheads.Count, total, $"whole model on {accelerator.Module.Id}"));
                var wholeProfile = Measure(whole, whole.Inputs.ToDictionary(t => t.Name, t => inputs[t.Name], StringComparer.Ordinal), accelerator);
                overheads.Add(StageOverheads.Estimate(accelerator.Module, entries.Where(e => e.ModuleId == accelerator.Module.Id).ToList(), wholeProfile));
            }

            progress?.Report(new ProfilerProgress(total, total, "done"));
            var table = new ProfileTable(modelDigest, Path.GetFileName(blocks.Graph.Source), blocks.Graph.Operations.Count, blocks.Plan.Cuts, crossing, entries, backendVersion)
            {
                StageOverheads = overheads,
                Codec = TensorCodecCalibration.OnThisHost,
            };
            cache?.Save(key, table);
            return table;
        }
        finally
        {
            owned.ForEach(r => r.Dispose());
        }
    }

    private BlockProfile Measure(ModelPartition block, Dictionary<string, OrtValue> inputs, IAccelerator accelerator)
    {
        IAcceleratorSession session;
        try
        {
            session = accelerator.Load(block);
        }
        catch (UnsupportedOperatorException e)
        {
            return BlockProfile.Unsupported(block.Index, accelerator.Module.Id, e.Message, e.Operators);
        }
        catch (VedliotException e)
        {
            return BlockProfile.Unsupported(block.Index, accelerator.Module.Id, e.Message, []);
        }

        using (session)
        {
            for (var i = 0; i < _options.WarmupRuns; i++)
            {
                session.Run(inputs).Dispose();
            }

            var latencies = new List<double>();
            var energies = new List<double>();
            AcceleratorRun? last = null;
            while (latencies.Count < _options.MaximumRuns && !IsStable(latencies))
            {
                last?.Dispose();
                last = session.Run(inputs);
                latencies.Add(last.Latency.TotalMilliseconds);
                energies.Add(last.EnergyJoules);
            }

            using (last)
            {
                var memory = WeightBytes(block) + inputs.Values.Sum(Bytes) + last!.Outputs.Sum(o => Bytes(o.Value));
                return new BlockProfile(
                    block.Index,
                    accelerator.Module.Id,
                    true,
                    null,
                    Percentile(latencies, 0.50),
                    Percentile(latencies, 0.95),
                    Percentile(latencies, 0.99),
                    last.LatencySource,
                    Percentile(energies, 0.50),
                    last.EnergySource,
                    memory,
                    latencies.Count,
                    []);
            }
        }
    }

    // Stable once the median of all runs differs little from the median before the latest window.
    private bool IsStable(List<double> latencies)
    {
        if (latencies.Count < 2 * _options.MinimumRuns)
        {
            return latencies.Count >= _options.MinimumRuns && latencies.Distinct().Count() == 1;
        }

        var before = Percentile(latencies[..^_options.MinimumRuns], 0.5);
        var now = Percentile(latencies, 0.5);
        return before > 0 && Math.Abs(now - before) / before < _options.StableMedianChange;
    }

    private static double Percentile(List<double> values, double quantile)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(quantile * sorted.Count) - 1)];
    }

    private static long WeightBytes(ModelPartition block) =>
        block.Model.Graph.Initializer.Sum(i => (long)i.CalculateSize()) + block.Model.Graph.Node.Where(n => n.OpType == "Constant").Sum(n => (long)n.CalculateSize());

    private static long Bytes(OrtValue value) => value.OnnxType == OnnxValueType.ONNX_TYPE_TENSOR && value.GetTensorTypeAndShape().ElementDataType != Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.String ? value.GetTensorSizeInBytes() : 0;

    private static string Shape(OrtValue value) => value.OnnxType == OnnxValueType.ONNX_TYPE_TENSOR ? string.Join("x", value.GetTensorTypeAndShape().Shape) : value.OnnxType.ToString();

    private static ProfilerOptions Validated(ProfilerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }
}
