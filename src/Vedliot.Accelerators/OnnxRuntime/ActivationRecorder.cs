using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;
using Vedliot.Runtime.Exposure;

namespace Vedliot.Accelerators.OnnxRuntime;

/// <summary>
/// Runs a model with some of its intermediate tensors added as graph outputs, in one session kept for many
/// runs, and copies those tensors out as floats (what exposure decoders read).
/// </summary>
public sealed class ActivationRecorder : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly List<string> _recorded;
    private readonly string _source;

    /// <summary>Creates the session for <paramref name="model"/> with <paramref name="tensorNames"/> as extra outputs.</summary>
    /// <exception cref="ExecutionProviderUnavailableException">The provider is unknown or absent.</exception>
    /// <exception cref="OnnxRuntimeFailureException">ONNX Runtime refuses the model.</exception>
    public ActivationRecorder(ModelProto model, IEnumerable<string> tensorNames, OnnxRuntimeOptions options, string source)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tensorNames);
        _recorded = tensorNames.Distinct(StringComparer.Ordinal).ToList();
        _source = source;
        _session = OnnxSessionFactory.Create(WithOutputs(model, _recorded).ToByteArray(), options, source);
    }

    /// <summary>The model's inputs as ONNX Runtime sees them.</summary>
    public IReadOnlyDictionary<string, NodeMetadata> InputMetadata => _session.InputMetadata;

    /// <summary>A copy of <paramref name="model"/> that also outputs every tensor of <paramref name="tensorNames"/>.</summary>
    public static ModelProto WithOutputs(ModelProto model, IEnumerable<string> tensorNames)
    {
        ArgumentNullException.ThrowIfNull(model);
        var probe = model.Clone();
        var outputs = probe.Graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        probe.Graph.Output.AddRange(tensorNames.Where(outputs.Add).Select(n => new ValueInfoProto { Name = n }));
        return probe;
    }

    /// <summary>Runs the model on <paramref name="inputs"/> (owned by the caller) and copies out the recorded tensors that are numeric.</summary>
    /// <exception cref="OnnxRuntimeFailureException">ONNX Runtime fails to run the model.</exception>
    public IReadOnlyDictionary<string, CapturedTensor> Record(IReadOnlyDictionary<string, OrtValue> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var captured = new Dictionary<string, CapturedTensor>(StringComparer.Ordinal);
        if (_recorded.Count == 0)
        {
            return captured;
        }

        try
        {
            using var results = _session.Run(_runOptions, inputs.Keys.ToList(), inputs.Values.ToList(), _recorded);
            for (var i = 0; i < _recorded.Count; i++)
            {
                if (Copy(_recorded[i], results[i]) is { } tensor)
                {
                    captured[tensor.Name] = tensor;
                }
            }
        }
        catch (OnnxRuntimeException e)
        {
            throw new OnnxRuntimeFailureException(_source, "fails to run it", e);
        }

        return captured;
    }

    /// <summary>A float copy of a numeric tensor value; null for other values.</summary>
    public static CapturedTensor? Copy(string name, OrtValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.OnnxType != OnnxValueType.ONNX_TYPE_TENSOR)
        {
            return null;
        }

        var info = value.GetTensorTypeAndShape();
        float[]? values = info.ElementDataType switch
        {
            TensorElementType.Float => value.GetTensorDataAsSpan<float>().ToArray(),
            TensorElementType.Double => Convert(value.GetTensorDataAsSpan<double>(), v => (float)v),
            TensorElementType.Float16 => Convert(value.GetTensorDataAsSpan<Float16>(), v => (float)v),
            TensorElementType.Int64 => Convert(value.GetTensorDataAsSpan<long>(), v => v),
            TensorElementType.Int32 => Convert(value.GetTensorDataAsSpan<int>(), v => v),
            TensorElementType.UInt8 => Convert(value.GetTensorDataAsSpan<byte>(), v => v),
            TensorElementType.Bool => Convert(value.GetTensorDataAsSpan<bool>(), v => v ? 1 : 0),
            _ => null,
        };
        return values is null ? null : new CapturedTensor(name, info.Shape, values);
    }

    /// <summary>Releases the session.</summary>
    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
    }

    private static float[] Convert<T>(ReadOnlySpan<T> source, Func<T, float> convert)
    {
        var values = new float[source.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = convert(source[i]);
        }

        return values;
    }
}
