using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using Vedliot.Accelerators.Tensors;
using Vedliot.Runtime.Models;
using Vedliot.Runtime.Workload;

namespace Vedliot.Accelerators.OnnxRuntime;

/// <summary>
/// Measures a model's intermediate tensors by running it once on real inputs with those tensors added
/// as graph outputs. Symbolic shapes get their concrete sizes this way.
/// </summary>
public static class ActivationProbe
{
    /// <summary>Bytes of each tensor crossing any cut of <paramref name="graph"/>, for <paramref name="inputs"/>.</summary>
    /// <exception cref="OnnxRuntimeFailureException">ONNX Runtime cannot load or run the probe.</exception>
    public static IReadOnlyDictionary<string, long> MeasureCrossingBytes(ModelGraph graph, IReadOnlyDictionary<string, OrtValue> inputs, OnnxRuntimeOptions options)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(inputs);
        var crossing = graph.CutPoints.SelectMany(c => c.Crossing).Select(t => t.Name).Distinct(StringComparer.Ordinal).ToList();
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var name in crossing.Where(inputs.ContainsKey))
        {
            sizes[name] = OrtValueSize.Bytes(inputs[name]);
        }

        var wanted = crossing.Where(n => !sizes.ContainsKey(n)).ToList();
        foreach (var (name, value) in Run(graph.Model, inputs, wanted, options, $"{graph.Source} (activation probe)", OrtValueSize.Bytes))
        {
            sizes[name] = value;
        }

        return sizes;
    }

    /// <summary>
    /// The element type and shape of each tensor named in <paramref name="tensorNames"/> (graph inputs
    /// taken from <paramref name="inputs"/>), for one run of <paramref name="model"/>. Values that are
    /// not tensors are left out.
    /// </summary>
    /// <exception cref="OnnxRuntimeFailureException">ONNX Runtime cannot load or run the probe.</exception>
    public static IReadOnlyDictionary<string, ConcreteTensor> MeasureTensors(ModelProto model, IReadOnlyDictionary<string, OrtValue> inputs, IEnumerable<string> tensorNames, OnnxRuntimeOptions options, string source)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputs);
        var tensors = new Dictionary<string, ConcreteTensor>(StringComparer.Ordinal);
        var wanted = new List<string>();
        foreach (var name in tensorNames.Distinct(StringComparer.Ordinal))
        {
            if (inputs.TryGetValue(name, out var fed))
            {
                if (Describe(fed) is { } tensor)
                {
                    tensors[name] = tensor;
                }
            }
            else
            {
                wanted.Add(name);
            }
        }

        foreach (var (name, value) in Run(model, inputs, wanted, options, source, Describe))
        {
            if (value is not null)
            {
                tensors[name] = value;
            }
        }

        return tensors;
    }

    /// <summary>The element type and shape of a tensor value; null for other values.</summary>
    public static ConcreteTensor? Describe(OrtValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.OnnxType != OnnxValueType.ONNX_TYPE_TENSOR)
        {
            return null;
        }

        var info = value.GetTensorTypeAndShape();
        return new ConcreteTensor((TensorProto.Types.DataType)info.ElementDataType, info.Shape);
    }

    // Runs the model with the wanted tensors as extra outputs and reads each through select while it is alive.
    private static List<KeyValuePair<string, T>> Run<T>(ModelProto model, IReadOnlyDictionary<string, OrtValue> inputs, List<string> wanted, OnnxRuntimeOptions options, string source, Func<OrtValue, T> select)
    {
        if (wanted.Count == 0)
        {
            return [];
        }

        using var session = OnnxSessionFactory.Create(ActivationRecorder.WithOutputs(model, wanted).ToByteArray(), options, source);
        using var runOptions = new RunOptions();
        try
        {
            using var results = session.Run(runOptions, inputs.Keys.ToList(), inputs.Values.ToList(), wanted);
            return wanted.Zip(results, (name, value) => KeyValuePair.Create(name, select(value))).ToList();
        }
        catch (OnnxRuntimeException e)
        {
            throw new OnnxRuntimeFailureException(source, "fails to run it", e);
        }
    }
}
