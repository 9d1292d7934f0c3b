using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Vedliot.Accelerators.Tensors;
using Vedliot.Runtime.Models;

namespace Vedliot.Accelerators.OnnxRuntime;

/// <summary>
/// Measures the size of every tensor that crosses a cut by running the whole model once on real inputs,
/// with those tensors added as graph outputs. Symbolic shapes get their concrete sizes this way.
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
        var probe = graph.Model.Clone();
        var outputs = probe.Graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        probe.Graph.Output.AddRange(crossing.Where(n => graph.Tensors[n].Origin == TensorOrigin.NodeOutput && outputs.Add(n)).Select(n => new Onnx.ValueInfoProto { Name = n }));

        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var name in crossing.Where(n => graph.Tensors[n].Origin == TensorOrigin.GraphInput))
        {
            sizes[name] = OrtValueSize.Bytes(inputs[name]);
        }

        var source = $"{graph.Source} (activation probe)";
        using var session = OnnxSessionFactory.Create(probe.ToByteArray(), options, source);
        using var runOptions = new RunOptions();
        var wanted = crossing.Where(n => !sizes.ContainsKey(n)).ToList();
        try
        {
            using var results = session.Run(runOptions, inputs.Keys.ToList(), inputs.Values.ToList(), wanted);
            var index = 0;
            foreach (var value in results)
            {
                sizes[wanted[index++]] = OrtValueSize.Bytes(value);
            }
        }
        catch (OnnxRuntimeException e)
        {
            throw new OnnxRuntimeFailureException(source, "fails to run it", e);
        }

        return sizes;
    }
}
