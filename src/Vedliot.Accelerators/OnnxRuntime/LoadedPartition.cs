using Microsoft.ML.OnnxRuntime;
using Vedliot.Runtime;
using Vedliot.Runtime.Execution;
using Vedliot.Runtime.Partitioning;
using Vedliot.Runtime.Platform;

namespace Vedliot.Accelerators.OnnxRuntime;

/// <summary>
/// A partition checked against a module's operator support and loaded into an ONNX Runtime session:
/// the part every ONNX Runtime-backed accelerator shares. The accelerators differ only in where their
/// latency and energy figures come from.
/// </summary>
internal sealed class LoadedPartition : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _inputs;
    private readonly string[] _outputs;

    /// <exception cref="UnsupportedOperatorException">The module does not run an operator of the partition.</exception>
    /// <exception cref="VedliotException">ONNX Runtime cannot load it on the chosen provider.</exception>
    public LoadedPartition(Module module, ModelPartition partition, OnnxRuntimeOptions options, string label)
    {
        OperatorSupportCheck.Require(module, partition);
        _session = OnnxSessionFactory.Create(partition.ToBytes(), options, label);
        Partition = partition;
        Label = label;
        _inputs = partition.Inputs.Select(t => t.Name).ToArray();
        _outputs = partition.Outputs.Select(t => t.Name).ToArray();
    }

    public ModelPartition Partition { get; }

    public string Label { get; }

    public IReadOnlyList<string> InputNames => _inputs;

    /// <summary>The partition's inputs picked out of <paramref name="values"/>, in its input order.</summary>
    /// <exception cref="VedliotException">An input is missing.</exception>
    public OrtValue[] Feeds(IReadOnlyDictionary<string, OrtValue> values)
    {
        var feeds = new OrtValue[_inputs.Length];
        for (var i = 0; i < _inputs.Length; i++)
        {
            if (!values.TryGetValue(_inputs[i], out feeds[i]!))
            {
                throw new VedliotException($"{Label} needs input '{_inputs[i]}', which was not given");
            }
        }

        return feeds;
    }

    /// <summary>Runs the session; the caller owns the returned values.</summary>
    /// <exception cref="OnnxRuntimeFailureException">ONNX Runtime fails to run it.</exception>
    public List<KeyValuePair<string, OrtValue>> Run(OrtValue[] feeds)
    {
        try
        {
            return _outputs.Zip(_session.Run(_runOptions, _inputs, feeds, _outputs), KeyValuePair.Create).ToList();
        }
        catch (OnnxRuntimeException e)
        {
            throw new OnnxRuntimeFailureException(Label, "fails to run it", e);
        }
    }

    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
    }
}
