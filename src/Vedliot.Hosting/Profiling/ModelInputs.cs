using Microsoft.ML.OnnxRuntime;
using Vedliot.Accelerators.Tensors;
using Vedliot.Runtime;
using Vedliot.Runtime.Models;

namespace Vedliot.Hosting.Profiling;

/// <summary>The inputs of a model run here: read from .npy or TensorProto files, the rest generated with a seed.</summary>
public static class ModelInputs
{
    /// <summary>
    /// Fills <paramref name="values"/> with every input of <paramref name="graph"/> (the caller disposes
    /// them, also when this throws) and says where each came from.
    /// </summary>
    /// <param name="graph">The model.</param>
    /// <param name="metadata">The inputs' types and shapes as ONNX Runtime sees them.</param>
    /// <param name="files">Input files: by input name, or (null name) the next input in the model's order.</param>
    /// <param name="dimensions">Sizes of symbolic dimensions for generated inputs.</param>
    /// <param name="seed">Seed for generated inputs.</param>
    /// <param name="values">Receives the inputs.</param>
    /// <returns>Each input and where it came from, in the model's order.</returns>
    /// <exception cref="Vedliot.Runtime.VedliotException">An input file does not fit the model, or cannot be read.</exception>
    public static IReadOnlyList<InputReport> Load(ModelGraph graph, IReadOnlyDictionary<string, NodeMetadata> metadata, IReadOnlyList<(string? Name, string Path)> files, IReadOnlyDictionary<string, long> dimensions, int seed, Dictionary<string, OrtValue> values)
    {
        var reports = new List<InputReport>();
        var next = 0;
        foreach (var (name, path) in files)
        {
            var tensor = name is null
                ? (next < graph.Inputs.Count ? graph.Inputs[next++] : throw new VedliotException($"{path}: the model has only {graph.Inputs.Count} input(s), so this input file has no input to feed"))
                : graph.Inputs.FirstOrDefault(t => t.Name == name) ?? throw new VedliotException($"{path}: the model has no input named '{name}'; its inputs are {string.Join(", ", graph.Inputs.Select(t => $"'{t.Name}'"))}");
            if (values.ContainsKey(tensor.Name))
            {
                throw new VedliotException($"{path}: input '{tensor.Name}' is given twice");
            }

            values[tensor.Name] = Path.GetExtension(path).Equals(".npy", StringComparison.OrdinalIgnoreCase)
                ? NpyFile.Read(path)
                : OnnxDataFile.Read(path, tensor.DeclaredType);
            reports.Add(new InputReport(tensor.Name, Describe(values[tensor.Name]), path));
        }

        var missing = metadata.Where(m => !values.ContainsKey(m.Key)).ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal);
        foreach (var (name, value) in RandomInputs.Create(missing, dimensions, seed))
        {
            values[name] = value;
            reports.Add(new InputReport(name, Describe(value), $"random, seed {seed}"));
        }

        var order = graph.Inputs.Select(t => t.Name).ToList();
        return [.. reports.OrderBy(r => order.IndexOf(r.Name))];
    }

    private static string Describe(OrtValue value)
    {
        if (value.OnnxType != OnnxValueType.ONNX_TYPE_TENSOR)
        {
            return value.OnnxType.ToString();
        }

        var info = value.GetTensorTypeAndShape();
        return $"{TensorTypes.ElementName((Onnx.TensorProto.Types.DataType)info.ElementDataType)}[{string.Join(",", info.Shape)}]";
    }
}
