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
        OperatorSupportCheck.Require(Module, partition);
        var session = OnnxSessionFactory.Create(partition.ToBytes(), _options, $"{Module.Id} (emulated): partition {partition.Index + 1}");
        return new Session(this, partition, session);
    }

    private sealed class Session(EmulatedAccelerator owner, ModelPartition partition, InferenceSession session) : IAcceleratorSession
    {
        private readonly RunOptions _runOptions = new();
        private readonly string[] _inputs = partition.Inputs.Select(t => t.Name).ToArray();
        private readonly string[] _outputs = partition.Outputs.Select(t => t.Name).ToArray();
        private readonly ModelGraph _graph = ModelGraph.FromModel(partition.Model, $"partition {partition.Index + 1}");
        private readonly Dictionary<string, PartitionWorkload> _workloads = new(StringComparer.Ordinal);

        public ModelPartition Partition => partition;

        public AcceleratorRun Run(IReadOnlyDictionary<string, OrtValue> inputs)
        {
            var feeds = PartitionInputs.Select(partition, _inputs, inputs, owner.Module.Id);
            var workload = WorkloadFor(feeds);
            IDisposableReadOnlyCollection<OrtValue> results;
            try
            {
                results = session.Run(_runOptions, _inputs, feeds, _outputs);
            }
            catch (OnnxRuntimeException e)
            {
                throw new OnnxRuntimeFailureException($"{owner.Module.Id} (emulated): partition {partition.Index + 1}", "fails to run it", e);
            }

            var latency = owner.DeviceModel.Latency(workload);
            return new AcceleratorRun(
                _outputs.Zip(results, KeyValuePair.Create).ToList(),
                latency,
                FigureSource.Modelled,
                owner.DeviceModel.EnergyJoules(latency),
                FigureSource.Modelled,
                $"device model of {owner.Module.Id} (emulated)");
        }

        // The workload depends only on the input shapes; measure the intermediate shapes once per shape.
        private PartitionWorkload WorkloadFor(OrtValue[] feeds)
        {
            var key = string.Join(";", feeds.Select(f => ActivationProbe.Describe(f) is { } t ? string.Join("x", t.Shape) : "?"));
            if (!_workloads.TryGetValue(key, out var workload))
            {
                var inputs = _inputs.Zip(feeds).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
                var names = _graph.Operations.SelectMany(n => n.Inputs.Concat(n.Outputs)).Where(n => _graph.Tensors[n].Origin != TensorOrigin.Initializer);
                var tensors = ActivationProbe.MeasureTensors(partition.Model, inputs, names, owner._options, $"{owner.Module.Id} (emulated): shapes of partition {partition.Index + 1}")
                    .ToDictionary(StringComparer.Ordinal);
                foreach (var initializer in partition.Model.Graph.Initializer)
                {
                    tensors[initializer.Name] = new ConcreteTensor((Onnx.TensorProto.Types.DataType)initializer.DataType, initializer.Dims);
                }

                workload = _workloads[key] = PartitionWorkload.Estimate(_graph.Operations, tensors);
            }

            return workload;
        }

        public void Dispose()
        {
            session.Dispose();
            _runOptions.Dispose();
        }
    }
}
