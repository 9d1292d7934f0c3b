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
}
