using Microsoft.ML.OnnxRuntime;
using Vedliot.Accelerators.OnnxRuntime;
using Vedliot.Runtime.Execution;
using Vedliot.Runtime.Models;
using Vedliot.Runtime.Partitioning;
using Vedliot.Runtime.Platform;
using Vedliot.Runtime.Workload;

namespace Vedliot.Accelerators.Emulation;

/// <summary>
/// The emulated path for a module that is not present: the partition's real outputs are computed with
/// ONNX Runtime on this machine's CPU, while latency and energy come from the module's
/// <see cref="DeviceModel"/>, fed with the partition's operation and byte counts for the shapes of the
/// actual inputs. Every figure it returns is labelled <see cref="FigureSource.Modelled"/>.
/// </summary>
public sealed class EmulatedAccelerator : IAccelerator
{
    private readonly OnnxRuntimeOptions _options;

    /// <summary>Creates the emulation of <paramref name="module"/>, computing outputs with <paramref name="options"/> on the CPU.</summary>
    public EmulatedAccelerator(Module module, OnnxRuntimeOptions options)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(options);
        Module = module;
        DeviceModel = new DeviceModel(module);
        _options = options with { ExecutionProvider = "CPU" };
    }

    /// <inheritdoc />
    public Module Module { get; }

    /// <summary>The device model that gives latency and energy.</summary>
    public DeviceModel DeviceModel { get; }

    /// <inheritdoc />
    public IAcceleratorSession Load(ModelPartition partition)
    {
        ArgumentNullException.ThrowIfNull(partition);
        return new Session(this, new LoadedPartition(Module, partition, _options, $"{Module.Id} (emulated): partition {partition.Index + 1}"));
    }

    private sealed class Session(EmulatedAccelerator owner, LoadedPartition loaded) : IAcceleratorSession
    {
        private readonly ModelGraph _graph = ModelGraph.FromModel(loaded.Partition.Model, loaded.Label);
        private readonly Dictionary<string, PartitionWorkload> _workloads = new(StringComparer.Ordinal);

        public ModelPartition Partition => loaded.Partition;

        public AcceleratorRun Run(IReadOnlyDictionary<string, OrtValue> inputs)
        {
            var feeds = loaded.Feeds(inputs);
            var workload = WorkloadFor(feeds);
            var outputs = loaded.Run(feeds);
            var latency = owner.DeviceModel.Latency(workload);
            return new AcceleratorRun(outputs, latency, FigureSource.Modelled, owner.DeviceModel.EnergyJoules(latency), FigureSource.Modelled, $"device model of {owner.Module.Id} (emulated)");
        }

        // The workload depends only on the input shapes; measure the intermediate shapes once per shape.
        private PartitionWorkload WorkloadFor(OrtValue[] feeds)
        {
            var key = string.Join(";", feeds.Select(f => ActivationProbe.Describe(f) is { } t ? string.Join("x", t.Shape) : "?"));
            if (!_workloads.TryGetValue(key, out var workload))
            {
                var inputs = loaded.InputNames.Zip(feeds).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
                var names = _graph.Operations.SelectMany(n => n.Inputs.Concat(n.Outputs)).Where(n => _graph.Tensors[n].Origin != TensorOrigin.Initializer);
                var tensors = ActivationProbe.MeasureTensors(loaded.Partition.Model, inputs, names, owner._options, $"{loaded.Label}: shapes")
                    .ToDictionary(StringComparer.Ordinal);
                foreach (var initializer in loaded.Partition.Model.Graph.Initializer)
                {
                    tensors[initializer.Name] = new ConcreteTensor((Onnx.TensorProto.Types.DataType)initializer.DataType, initializer.Dims);
                }

                workload = _workloads[key] = PartitionWorkload.Estimate(_graph.Operations, tensors);
            }

            return workload;
        }

        public void Dispose() => loaded.Dispose();
    }
}
