using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Vedliot.Messaging.Tensors;

/// <summary>
/// The Vedliot tensor frame wire format, version 1. All integers little-endian:
/// <code>
/// offset size field
///  0      4   magic "VTF1"
///  4      1   format version (1)
///  5      1   element type (<see cref="TensorElementType"/>)
///  6      1   rank r (0..8)
///  7      1   flags (reserved, 0)
///  8      8   pipeline id
/// 16      8   request id
/// 24      4   stage index
/// 28     8r   dimensions (int64, each >= 0)
/// 28+8r   8   data length in bytes (= product of dimensions x element size)
/// 36+8r   4   CRC-32C of bytes [0, 36+8r) followed by the data
/// 40+8r   n   raw element data, little-endian, row-major
/// </code>
/// The data starts at a multiple of 8 bytes from the frame start.
/// </summary>
public static class TensorFrameCodec
{
    /// <summary>Highest supported rank.</summary>
    public const int MaximumRank = 8;

    /// <summary>The format version written by this codec.</summary>
    public const byte FormatVersion = 1;

    private const uint Magic = 0x31465456; // "VTF1" read as little-endian uint32
    private const int FixedHeaderSize = 28;

    /// <summary>Bytes per element of a type.</summary>
    /// <param name="type">The element type.</param>
    /// <returns>The size in bytes.</returns>
    public static int ElementSize(TensorElementType type) => type switch
    {
        TensorElementType.Int8 or TensorElementType.UInt8 or TensorElementType.Bool => 1,
        TensorElementType.Float16 or TensorElementType.BFloat16 or TensorElementType.Int16 => 2,
        TensorElementType.Float32 or TensorElementType.Int32 => 4,
        TensorElementType.Float64 or TensorElementType.Int64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown tensor element type."),
    };

    /// <summary>Size of the header (everything before the data) for a rank.</summary>
    /// <param name="rank">Number of dimensions.</param>
    /// <returns>Header size in bytes.</returns>
    public static int HeaderSize(int rank) => FixedHeaderSize + (8 * rank) + 12;

    /// <summary>Expected data length for a type and shape.</summary>
    /// <param name="type">Element type.</param>
    /// <param name="shape">Dimensions.</param>
    /// <returns>Data length in bytes.</returns>
    /// <exception cref="ArgumentException">The shape is invalid or too large.</exception>
    public static long DataLength(TensorElementType type, IReadOnlyList<long> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return ComputeDataLength(type, shape) ?? throw new ArgumentException($"Shape [{string.Join(',', shape)}] is invalid (rank above {MaximumRank}, negative dimension or overflow).", nameof(shape));
    }

    /// <summary>Size in bytes of a frame once encoded.</summary>
    /// <param name="frame">The frame.</param>
    /// <returns>Header plus data length.</returns>
    public static int EncodedLength(TensorFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return checked(HeaderSize(frame.Shape.Count) + (int)DataLength(frame.ElementType, frame.Shape));
    }

    /// <summary>Writes a frame (header and data) to <paramref name="output"/>.</summary>
    /// <param name="frame">The frame; its data length must match its shape.</param>
    /// <param name="output">Destination.</param>
    /// <returns>The number of bytes written.</returns>
    public static int Encode(TensorFrame frame, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var total = EncodedLength(frame);
        Write(frame, output.GetSpan(total)[..total]);
        output.Advance(total);
        return total;
    }

    /// <summary>Encodes a frame into a new array of exactly <see cref="EncodedLength"/> bytes.</summary>
    /// <param name="frame">The frame.</param>
    /// <returns>The encoded bytes.</returns>
    public static byte[] Encode(TensorFrame frame)
    {
        var bytes = GC.AllocateUninitializedArray<byte>(EncodedLength(frame));
        Write(frame, bytes);
        return bytes;
    }

    /// <summary>Writes a frame into a span of exactly <see cref="EncodedLength"/> bytes (used by <see cref="TensorBundleCodec"/> to embed frames without a copy).</summary>
    internal static void Write(TensorFrame frame, Span<byte> span)
    {
        var headerSize = HeaderSize(frame.Shape.Count);
        if (frame.Data.Length != span.Length - headerSize)
        {
            throw new ArgumentException($"Data holds {frame.Data.Length} bytes but shape [{string.Join(',', frame.Shape)}] of {frame.ElementType} needs {span.Length - headerSize}.", nameof(frame));
        }

        BinaryPrimitives.WriteUInt32LittleEndian(span, Magic);
        span[4] = FormatVersion;
        span[5] = (byte)frame.ElementType;
        span[6] = (byte)frame.Shape.Count;
        span[7] = 0;
        BinaryPrimitives.WriteUInt64LittleEndian(span[8..], frame.PipelineId);
        BinaryPrimitives.WriteUInt64LittleEndian(span[16..], frame.RequestId);
        BinaryPrimitives.WriteUInt32LittleEndian(span[24..], frame.StageIndex);
        for (var i = 0; i < frame.Shape.Count; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(span[(FixedHeaderSize + (8 * i))..], frame.Shape[i]);
        }

        var lengthOffset = headerSize - 12;
        BinaryPrimitives.WriteUInt64LittleEndian(span[lengthOffset..], (ulong)frame.Data.Length);
        frame.Data.Span.CopyTo(span[headerSize..]);
        var crc = ~Crc32C.Append(Crc32C.Append(0xFFFFFFFF, span[..(lengthOffset + 8)]), frame.Data.Span);
        BinaryPrimitives.WriteUInt32LittleEndian(span[(lengthOffset + 8)..], crc);
    }

    /// <summary>Decodes and verifies a frame. The returned frame's data is a slice of <paramref name="buffer"/> (no copy).</summary>
    /// <param name="buffer">One complete frame.</param>
    /// <returns>The frame.</returns>
    /// <exception cref="TensorFrameException">The frame is corrupt; the message says how.</exception>
    public static TensorFrame Decode(ReadOnlyMemory<byte> buffer) =>
        TryDecode(buffer, out var frame, out var error) ? frame : throw new TensorFrameException(error);

    /// <summary>Decodes a frame held in a sequence: zero-copy when it is one segment, otherwise copied once.</summary>
    /// <param name="buffer">One complete frame.</param>
    /// <returns>The frame.</returns>
    /// <exception cref="TensorFrameException">The frame is corrupt.</exception>
    public static TensorFrame Decode(ReadOnlySequence<byte> buffer) =>
        Decode(buffer.IsSingleSegment ? buffer.First : buffer.ToArray());

    /// <summary>Decodes and verifies a frame without throwing.</summary>
    /// <param name="buffer">One complete frame.</param>
    /// <param name="frame">The frame, when valid.</param>
    /// <param name="error">Why the frame is invalid, when it is.</param>
    /// <returns>True when the frame is valid.</returns>
    public static bool TryDecode(ReadOnlyMemory<byte> buffer, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TensorFrame? frame, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        frame = null;
        var span = buffer.Span;
        if (span.Length < HeaderSize(0))
        {
            error = $"Tensor frame of {span.Length} bytes is shorter than the minimum header of {HeaderSize(0)} bytes.";
            return false;
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(span) != Magic)
        {
            error = "Not a tensor frame: magic is not 'VTF1'.";
            return false;
        }

        if (span[4] != FormatVersion)
        {
            error = $"Tensor frame version {span[4]} is not supported (expected {FormatVersion}).";
            return false;
        }

        var type = (TensorElementType)span[5];
        if (!Enum.IsDefined(type))
        {
            error = $"Tensor frame element type {span[5]} is unknown.";
            return false;
        }

        int rank = span[6];
        if (rank > MaximumRank)
        {
            error = $"Tensor frame rank {rank} exceeds {MaximumRank}.";
            return false;
        }

        if (span[7] != 0)
        {
            error = $"Tensor frame flags 0x{span[7]:X2} are reserved and must be 0.";
            return false;
        }

        var headerSize = HeaderSize(rank);
        if (span.Length < headerSize)
        {
            error = $"Tensor frame of {span.Length} bytes is shorter than its rank-{rank} header of {headerSize} bytes.";
            return false;
        }

        var shape = new long[rank];
        for (var i = 0; i < rank; i++)
        {
            shape[i] = BinaryPrimitives.ReadInt64LittleEndian(span[(FixedHeaderSize + (8 * i))..]);
        }

        var lengthOffset = headerSize - 12;
        var declared = BinaryPrimitives.ReadUInt64LittleEndian(span[lengthOffset..]);
        var expected = ComputeDataLength(type, shape);
        if (expected is null)
        {
            error = $"Tensor frame shape [{string.Join(',', shape)}] is invalid (negative dimension or size overflow).";
            return false;
        }

        if (declared != (ulong)expected.Value)
        {
            error = $"Tensor frame declares {declared} data bytes but shape [{string.Join(',', shape)}] of {type} needs {expected.Value}.";
            return false;
        }

        if ((ulong)(span.Length - headerSize) != declared)
        {
            error = $"Tensor frame carries {span.Length - headerSize} data bytes but declares {declared} (truncated or padded).";
            return false;
        }

        var data = span[headerSize..];
        var crc = ~Crc32C.Append(Crc32C.Append(0xFFFFFFFF, span[..(lengthOffset + 8)]), data);
        var stored = BinaryPrimitives.ReadUInt32LittleEndian(span[(lengthOffset + 8)..]);
        if (crc != stored)
        {
            error = $"Tensor frame checksum mismatch: stored CRC-32C 0x{stored:X8}, computed 0x{crc:X8} (corrupted in transit).";
            return false;
        }

        frame = new TensorFrame
        {
            ElementType = type,
            Shape = shape,
            PipelineId = BinaryPrimitives.ReadUInt64LittleEndian(span[8..]),
            RequestId = BinaryPrimitives.ReadUInt64LittleEndian(span[16..]),
            StageIndex = BinaryPrimitives.ReadUInt32LittleEndian(span[24..]),
            Data = buffer[headerSize..],
        };
        error = null;
        return true;
    }

    /// <summary>Views a frame's data as elements of <typeparamref name="T"/> without copying (little-endian hosts).</summary>
    /// <typeparam name="T">An unmanaged type whose size matches the element type.</typeparam>
    /// <param name="frame">The frame.</param>
    /// <returns>The elements.</returns>
    public static ReadOnlySpan<T> GetElements<T>(TensorFrame frame)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Typed views of little-endian tensor data need a little-endian host.");
        }

        if (System.Runtime.CompilerServices.Unsafe.SizeOf<T>() != ElementSize(frame.ElementType))
        {
            throw new ArgumentException($"{typeof(T).Name} does not match element type {frame.ElementType}.", nameof(frame));
        }

        return MemoryMarshal.Cast<byte, T>(frame.Data.Span);
    }

    private static long? ComputeDataLength(TensorElementType type, IReadOnlyList<long> shape)
    {
        if (shape.Count > MaximumRank)
        {
            return null;
        }

        long count = 1;
        foreach (var d in shape)
        {
            if (d < 0)
            {
                return null;
            }

            try
            {
                count = checked(count * d);
            }
            catch (OverflowException)
            {
                return null;
            }
        }

        try
        {
            var length = checked(count * ElementSize(type));
            return length <= Array.MaxLength ? length : null;
        }
        catch (OverflowException)
        {
            return null;
        }
    }
}
