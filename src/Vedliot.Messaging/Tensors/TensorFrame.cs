namespace Vedliot.Messaging.Tensors;

/// <summary>Element types a tensor frame can carry (values are part of the wire format).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "Names mirror the ONNX tensor element types.")]
public enum TensorElementType : byte
{
    /// <summary>IEEE 754 binary32.</summary>
    Float32 = 1,
    /// <summary>IEEE 754 binary16.</summary>
    Float16 = 2,
    /// <summary>bfloat16.</summary>
    BFloat16 = 3,
    /// <summary>IEEE 754 binary64.</summary>
    Float64 = 4,
    /// <summary>Signed 8-bit integer.</summary>
    Int8 = 5,
    /// <summary>Unsigned 8-bit integer.</summary>
    UInt8 = 6,
    /// <summary>Signed 16-bit integer.</summary>
    Int16 = 7,
    /// <summary>Signed 32-bit integer.</summary>
    Int32 = 8,
    /// <summary>Signed 64-bit integer.</summary>
    Int64 = 9,
    /// <summary>Boolean, one byte per element (0 or 1).</summary>
    Bool = 10,
}

/// <summary>
/// One tensor (an intermediate activation between pipeline stages) as carried in a single MQTT
/// PUBLISH. Plain data; see <see cref="TensorFrameCodec"/> for the wire format.
/// </summary>
public sealed class TensorFrame
{
    /// <summary>Element type.</summary>
    public required TensorElementType ElementType { get; init; }

    /// <summary>Dimensions, outermost first (empty for a scalar).</summary>
    public required IReadOnlyList<long> Shape { get; init; }

    /// <summary>Pipeline (deployment) identifier.</summary>
    public ulong PipelineId { get; init; }

    /// <summary>Request (inference) identifier, shared by every stage of one inference.</summary>
    public ulong RequestId { get; init; }

    /// <summary>Index of the stage that produced the tensor.</summary>
    public uint StageIndex { get; init; }

    /// <summary>Raw little-endian element data; for decoded frames a slice of the received buffer (no copy).</summary>
    public ReadOnlyMemory<byte> Data { get; init; }
}

/// <summary>A tensor frame failed validation (bad magic, version, shape, length or checksum).</summary>
public sealed class TensorFrameException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TensorFrameException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong with the frame.</param>
    public TensorFrameException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    /// <param name="message">What is wrong with the frame.</param>
    /// <param name="innerException">The cause.</param>
    public TensorFrameException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
