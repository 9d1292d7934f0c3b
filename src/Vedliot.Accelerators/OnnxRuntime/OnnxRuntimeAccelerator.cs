using Microsoft.ML.OnnxRuntime;
using Vedliot.Runtime.Energy;
using Vedliot.Runtime.Execution;
using Vedliot.Runtime.Partitioning;
using Vedliot.Runtime.Platform;

namespace Vedliot.Accelerators.OnnxRuntime;

/// <summary>
/// The real path: runs partitions on a present module through the ONNX Runtime execution provider its
/// backend names (<c>onnxruntime:CPU</c>, <c>onnxruntime:CUDA</c>, <c>onnxruntime:TensorRT</c>,
/// <c>onnxruntime:OpenVINO</c>). Latency is measured; energy is measured when a meter is given, and
/// otherwise computed from the module's power model and labelled as modelled.
/// </summary>
public sealed class OnnxRuntimeAccelerator : IAccelerator
{
    /// <summary>The prefix of module backends this accelerator serves.</summary>
    public const string BackendPrefix = "onnxruntime:";

    private readonly OnnxRuntimeOptions _options;
    private readonly IEnergyMeter? _meter;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the accelerator for <paramref name="module"/>.</summary>
    /// <param name="module">A module whose backend starts with <c>onnxruntime:</c>.</param>
    /// <param name="options">Threading and fall-back options; the provider comes from the module.</param>
    /// <param name="meter">Measures the module's energy, or null to use its power model.</param>
    /// <param name="timeProvider">Times runs; the system clock by default.</param>
    /// <exception cref="ArgumentException">The module's backend is not an ONNX Runtime provider.</exception>
    public OnnxRuntimeAccelerator(Module module, OnnxRuntimeOptions options, IEnergyMeter? meter = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(options);
        if (!module.Backend.StartsWith(BackendPrefix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"module '{module.Id}' has backend '{module.Backend}', not {BackendPrefix}<provider>", nameof(module));
        }

        Module = module;
        _options = options with { ExecutionProvider = module.Backend[BackendPrefix.Length..] };
        _meter = meter;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public Module Module { get; }

    /// <inheritdoc />
    public IAcceleratorSession Load(ModelPartition partition)
    {
        ArgumentNullException.ThrowIfNull(partition);
        return new Session(this, new LoadedPartition(Module, partition, _options, $"{Module.Id}: partition {partition.Index + 1}"));
    }

    private sealed class Session(OnnxRuntimeAccelerator owner, LoadedPartition loaded) : IAcceleratorSession
    {
        public ModelPartition Partition => loaded.Partition;

        public AcceleratorRun Run(IReadOnlyDictionary<string, OrtValue> inputs)
        {
            var feeds = loaded.Feeds(inputs);
            EnergyReading? before = null;
            string? failure = null;
            if (owner._meter is not null && !owner._meter.TryRead(out before, out failure))
            {
                before = null;
            }

            var started = owner._timeProvider.GetTimestamp();
            var outputs = loaded.Run(feeds);
            var latency = owner._timeProvider.GetElapsedTime(started);
            if (before is not null && owner._meter!.TryRead(out var after, out failure))
            {
                return new AcceleratorRun(outputs, latency, FigureSource.Measured, after.EnergyJoules - before.EnergyJoules, FigureSource.Measured, owner._meter.Source);
            }

            var meterNote = owner._meter is null ? $"power model of {owner.Module.Id}" : $"power model of {owner.Module.Id} ({owner._meter.Source} unreadable: {failure})";
            return new AcceleratorRun(outputs, latency, FigureSource.Measured, owner.Module.Power.ActiveEnergyJoules(latency.TotalSeconds), FigureSource.Modelled, meterNote);
        }

        public void Dispose() => loaded.Dispose();
    }
}
