using Microsoft.ML.OnnxRuntime;
using Vedliot.Accelerators.Tensors;
using Vedliot.Messaging.Packets;
using Vedliot.Messaging.Tensors;
using Vedliot.Runtime.Execution;

namespace Vedliot.Hosting.Node.Stages;

/// <summary>
/// Runs a stage's partition on the tensors of one request without copying them: inputs are read in place from the
/// received payload (pinned until the run ends), outputs are viewed in ONNX Runtime's memory and handed, with the
/// tensors the partition does not read (they travel on to a later stage), to an encoder that writes them straight
/// into the outgoing message before the run's values are released. Records every run's figures. One worker at a time.
/// </summary>
internal sealed class PartitionRunner : IDisposable
{
    private readonly IAcceleratorSession _session;
    private readonly RunWindow _runs;
    private readonly HashSet<string> _inputNames;

    /// <summary>Creates the runner.</summary>
    /// <param name="session">The loaded partition; owned from now on.</param>
    /// <param name="runs">Where each run's latency and energy go.</param>
    public PartitionRunner(IAcceleratorSession session, RunWindow runs)
    {
        _session = session;
        _runs = runs;
        _inputNames = session.Partition.Inputs.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        LoneTensorName = session.Partition.Inputs.Count > 0 ? session.Partition.Inputs[0].Name : "input";
    }

    /// <summary>The name a lone tensor frame (not a bundle) is given: the partition's first input.</summary>
    public string LoneTensorName { get; }

    /// <summary>Runs the partition on <paramref name="bundle"/> and encodes the result.</summary>
    /// <param name="bundle">The request's tensors (views of the received payload, which must stay alive).</param>
    /// <param name="encode">Makes the outgoing message of the result bundle; called while the outputs are alive.</param>
    /// <returns>The encoded message.</returns>
    /// <exception cref="StageRequestException">An input is missing.</exception>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime failed (e.g. a wrong shape).</exception>
    /// <exception cref="TensorFrameException">A tensor cannot be read or written.</exception>
    public MqttApplicationMessage Run(TensorBundle bundle, Func<TensorBundle, MqttApplicationMessage> encode)
    {
        var inputs = new Dictionary<string, OrtValue>(StringComparer.Ordinal);
        var borrowed = new List<BorrowedOrtValue>(_session.Partition.Inputs.Count);
        try
        {
            foreach (var input in _session.Partition.Inputs)
            {
                var tensor = bundle.Tensors.FirstOrDefault(t => t.Name == input.Name)
                    ?? throw new StageRequestException($"missing input '{input.Name}': the message carries [{string.Join(", ", bundle.Tensors.Select(t => t.Name))}]");
                var value = TensorFrameConversion.BorrowOrtValue(tensor.Frame, input.Name);
                borrowed.Add(value);
                inputs[input.Name] = value.Value;
            }

            using var run = _session.Run(inputs);
            _runs.Add(run);
            var stageIndex = bundle.StageIndex + 1;
            var outputs = run.Outputs
                .Select(o => new NamedTensor { Name = o.Key, Frame = TensorFrameConversion.ViewAsFrame(o.Value, o.Key, bundle.PipelineId, bundle.RequestId, stageIndex) })
                .ToList();

            // Tensors this partition does not read travel on: a later stage reads them (a connection that skips this stage).
            var produced = outputs.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
            outputs.AddRange(bundle.Tensors
                .Where(t => !_inputNames.Contains(t.Name) && !produced.Contains(t.Name))
                .Select(t => new NamedTensor { Name = t.Name, Frame = Restamp(t.Frame, stageIndex) }));
            return encode(new TensorBundle { PipelineId = bundle.PipelineId, RequestId = bundle.RequestId, StageIndex = stageIndex, Tensors = outputs });
        }
        finally
        {
            foreach (var value in borrowed)
            {
                value.Dispose();
            }
        }
    }

    /// <summary>Releases the session.</summary>
    public void Dispose() => _session.Dispose();

    private static TensorFrame Restamp(TensorFrame frame, uint stageIndex) => new()
    {
        ElementType = frame.ElementType,
        Shape = frame.Shape,
        PipelineId = frame.PipelineId,
        RequestId = frame.RequestId,
        StageIndex = stageIndex,
        Data = frame.Data,
    };
}
