using System.Globalization;
using Google.Protobuf;
using Onnx;
using Vedliot.Runtime.Models;

namespace Vedliot.Runtime.Partitioning;

/// <summary>One partition of a model: a standalone ONNX model holding a contiguous run of operations.</summary>
/// <param name="Index">Position of the partition in the chain, from 0.</param>
/// <param name="FirstOperation">Position of its first operation in the source graph's operation order.</param>
/// <param name="OperationCount">Number of operations it holds (Constant nodes it copies not counted).</param>
/// <param name="Inputs">Tensors it reads from the caller or from earlier partitions, in its graph input order.</param>
/// <param name="Outputs">Tensors it returns: those later partitions read, and graph outputs it makes.</param>
/// <param name="Model">The partition as an ONNX model. Treat it as read-only.</param>
public sealed record ModelPartition(
    int Index,
    int FirstOperation,
    int OperationCount,
    IReadOnlyList<ModelTensor> Inputs,
    IReadOnlyList<ModelTensor> Outputs,
    ModelProto Model)
{
    /// <summary>The partition serialized as an .onnx file's bytes.</summary>
    public byte[] ToBytes() => Model.ToByteArray();

    /// <summary>
    /// Reads a partition from the bytes of an .onnx file, as a node receives it: its inputs and outputs are the
    /// model's graph inputs (initializers excluded) and outputs, its operations those of the model (Constant
    /// nodes not counted), and its first operation the one the partitioner recorded in the
    /// <c>vedliot.operations</c> metadata (0 for a model the partitioner did not make).
    /// </summary>
    /// <param name="onnx">The serialized model.</param>
    /// <param name="index">Its position in the chain, from 0.</param>
    /// <param name="source">What the bytes are (e.g. the artefact's file name), used in messages.</param>
    /// <returns>The partition.</returns>
    /// <exception cref="ModelFormatException">The bytes are not an ONNX model, or its graph is not well formed.</exception>
    public static ModelPartition Parse(ReadOnlySpan<byte> onnx, int index, string source)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentException.ThrowIfNullOrEmpty(source);
        var model = OnnxModelFile.Parse(onnx, source);
        var graph = ModelGraph.FromModel(model, source);
        return new ModelPartition(index, FirstOperationOf(model), graph.Operations.Count, graph.Inputs, graph.Outputs, model);
    }

    private static int FirstOperationOf(ModelProto model)
    {
        var range = model.MetadataProps.FirstOrDefault(p => p.Key == "vedliot.operations")?.Value ?? string.Empty;
        var dots = range.IndexOf("..", StringComparison.Ordinal);
        return dots > 0 && int.TryParse(range.AsSpan(0, dots), NumberStyles.None, CultureInfo.InvariantCulture, out var first) ? first : 0;
    }
}
