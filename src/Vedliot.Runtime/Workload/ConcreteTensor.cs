using Vedliot.Runtime.Models;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Vedliot.Runtime.Workload;

/// <summary>A tensor's element type and concrete shape, as seen in a run.</summary>
/// <param name="ElementType">The element type.</param>
/// <param name="Shape">The dimensions; empty for a scalar.</param>
public sealed record ConcreteTensor(DataType ElementType, IReadOnlyList<long> Shape)
{
    /// <summary>Number of elements.</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>Size of the data in bytes (0 for strings).</summary>
    public long Bytes => ElementCount * TensorTypes.ElementSize(ElementType);
}
