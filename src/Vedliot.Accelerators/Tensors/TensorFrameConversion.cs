using System.Buffers;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Vedliot.Messaging.Tensors;
using OrtElementType = Microsoft.ML.OnnxRuntime.Tensors.TensorElementType;
using WireElementType = Vedliot.Messaging.Tensors.TensorElementType;

namespace Vedliot.Accelerators.Tensors;

/// <summary>
/// Converts between ONNX Runtime tensors and the tensor frames that carry them between pipeline stages,
/// for every element type a frame can carry (see <see cref="WireElementType"/>). Frames hold little-endian
/// data and ONNX Runtime native-endian data, so the conversion is a plain copy on little-endian machines
/// and refused on others.
/// </summary>
public static class TensorFrameConversion
{
    /// <summary>The ONNX Runtime element type of a frame element type.</summary>
    /// <param name="type">A frame element type.</param>
    /// <returns>The ONNX Runtime element type with the same values and size.</returns>
    /// <exception cref="TensorConversionException">The type is not one of the frame format's.</exception>
    public static OrtElementType ToOrt(WireElementType type) => type switch
    {
        WireElementType.Float32 => OrtElementType.Float,
        WireElementType.Float16 => OrtElementType.Float16,
        WireElementType.BFloat16 => OrtElementType.BFloat16,
        WireElementType.Float64 => OrtElementType.Double,
        WireElementType.Int8 => OrtElementType.Int8,
        WireElementType.UInt8 => OrtElementType.UInt8,
        WireElementType.Int16 => OrtElementType.Int16,
        WireElementType.Int32 => OrtElementType.Int32,
        WireElementType.Int64 => OrtElementType.Int64,
        WireElementType.Bool => OrtElementType.Bool,
        _ => throw new TensorConversionException($"tensor frame element type {(byte)type} is not one of the frame format's types"),
    };

    /// <summary>Whether <paramref name="type"/> can travel in a tensor frame, and as which frame type.</summary>
    /// <param name="type">An ONNX Runtime element type.</param>
    /// <param name="frameType">The frame element type, when it can.</param>
    /// <returns>True when a frame can carry tensors of <paramref name="type"/>.</returns>
    public static bool TryFromOrt(OrtElementType type, out WireElementType frameType)
    {
        frameType = type switch
        {
            OrtElementType.Float => WireElementType.Float32,
            OrtElementType.Float16 => WireElementType.Float16,
            OrtElementType.BFloat16 => WireElementType.BFloat16,
            OrtElementType.Double => WireElementType.Float64,
            OrtElementType.Int8 => WireElementType.Int8,
            OrtElementType.UInt8 => WireElementType.UInt8,
            OrtElementType.Int16 => WireElementType.Int16,
            OrtElementType.Int32 => WireElementType.Int32,
            OrtElementType.Int64 => WireElementType.Int64,
            OrtElementType.Bool => WireElementType.Bool,
            _ => 0,
        };
        return frameType != 0;
    }

    /// <summary>Copies a frame's data into a new ONNX Runtime tensor.</summary>
    /// <param name="frame">The frame; its data is copied, so it may be released afterwards.</param>
    /// <param name="name">The tensor's name, used in messages.</param>
    /// <returns>A tensor the caller owns and disposes.</returns>
    /// <exception cref="TensorConversionException">The frame's type is unknown or its data does not match its shape.</exception>
    public static OrtValue ToOrtValue(TensorFrame frame, string name)
    {
        var type = Validate(frame, name);
        var value = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, type, [.. frame.Shape]);
        try
        {
            frame.Data.Span.CopyTo(value.GetTensorMutableRawData());
            return value;
        }
        catch
        {
            value.Dispose();
            throw;
        }
    }

    /// <summary>
    /// An ONNX Runtime tensor over a frame's data without a copy where the data is an aligned slice of a managed
    /// array (as a decoded bundle's frames are): the array is pinned until the returned tensor is disposed, and
    /// must not change meanwhile. Other data (e.g. unaligned or not array-backed) is copied as by <see cref="ToOrtValue"/>.
    /// </summary>
    /// <param name="frame">The frame; its data must stay unchanged until the returned tensor is disposed.</param>
    /// <param name="name">The tensor's name, used in messages.</param>
    /// <returns>A tensor the caller owns and disposes; disposing it unpins the frame's data.</returns>
    /// <exception cref="TensorConversionException">The frame's type is unknown or its data does not match its shape.</exception>
    public static BorrowedOrtValue BorrowOrtValue(TensorFrame frame, string name)
    {
        var type = Validate(frame, name);
        var elementSize = TensorFrameCodec.ElementSize(frame.ElementType);
        if (frame.Data.Length == 0
            || !MemoryMarshal.TryGetArray(frame.Data, out var segment)
            || segment.Array is null)
        {
            return new BorrowedOrtValue(ToOrtValue(frame, name), default);
        }

        var pin = GCHandle.Alloc(segment.Array, GCHandleType.Pinned);
        try
        {
            var address = pin.AddrOfPinnedObject() + segment.Offset;
            if (address % elementSize != 0)
            {
                pin.Free();
                return new BorrowedOrtValue(ToOrtValue(frame, name), default);
            }

            var value = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, type, [.. frame.Shape], address, segment.Count);
            return new BorrowedOrtValue(value, pin);
        }
        catch
        {
            if (pin.IsAllocated)
            {
                pin.Free();
            }

            throw;
        }
    }

    private static OrtElementType Validate(TensorFrame frame, string name)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(name);
        RequireLittleEndian();
        var type = ToOrt(frame.ElementType);
        long expected;
        try
        {
            expected = TensorFrameCodec.DataLength(frame.ElementType, frame.Shape);
        }
        catch (ArgumentException e)
        {
            throw new TensorConversionException($"tensor '{name}': shape [{string.Join(',', frame.Shape)}] is invalid: {e.Message}", e);
        }

        if (frame.Data.Length != expected)
        {
            throw new TensorConversionException($"tensor '{name}': {frame.Data.Length} bytes of data, but shape [{string.Join(',', frame.Shape)}] of {frame.ElementType} needs {expected}");
        }

        return type;
    }

    /// <summary>Copies an ONNX Runtime tensor into a new frame.</summary>
    /// <param name="value">A tensor; still owned by the caller.</param>
    /// <param name="name">The tensor's name, used in messages.</param>
    /// <param name="pipelineId">The frame's pipeline id.</param>
    /// <param name="requestId">The frame's request id.</param>
    /// <param name="stageIndex">The frame's stage index.</param>
    /// <returns>A frame owning a copy of the data.</returns>
    /// <exception cref="TensorConversionException">The value is not a tensor, or its element type cannot travel in a frame (e.g. strings).</exception>
    public static TensorFrame ToFrame(OrtValue value, string name, ulong pipelineId, ulong requestId, uint stageIndex)
    {
        var view = ViewAsFrame(value, name, pipelineId, requestId, stageIndex);
        return new TensorFrame
        {
            ElementType = view.ElementType,
            Shape = view.Shape,
            PipelineId = pipelineId,
            RequestId = requestId,
            StageIndex = stageIndex,
            Data = value.GetTensorMutableRawData().ToArray(),
        };
    }

    /// <summary>
    /// A frame whose data is a view of an ONNX Runtime tensor's memory (no copy), e.g. to encode it straight into a
    /// message. The view is valid only while <paramref name="value"/> is alive: encode or copy the frame before
    /// disposing the value. The view's memory cannot be pinned.
    /// </summary>
    /// <param name="value">A tensor; still owned by the caller, and must outlive every use of the frame.</param>
    /// <param name="name">The tensor's name, used in messages.</param>
    /// <param name="pipelineId">The frame's pipeline id.</param>
    /// <param name="requestId">The frame's request id.</param>
    /// <param name="stageIndex">The frame's stage index.</param>
    /// <returns>A frame borrowing the tensor's data.</returns>
    /// <exception cref="TensorConversionException">The value is not a tensor, or its element type cannot travel in a frame (e.g. strings).</exception>
    public static TensorFrame ViewAsFrame(OrtValue value, string name, ulong pipelineId, ulong requestId, uint stageIndex)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(name);
        RequireLittleEndian();
        if (value.OnnxType != OnnxValueType.ONNX_TYPE_TENSOR)
        {
            throw new TensorConversionException($"output '{name}' is a {value.OnnxType}, not a tensor; only tensors travel between stages");
        }

        var info = value.GetTensorTypeAndShape();
        if (!TryFromOrt(info.ElementDataType, out var type))
        {
            throw new TensorConversionException($"output '{name}' has element type {info.ElementDataType}, which tensor frames do not carry (they carry {string.Join(", ", Enum.GetNames<WireElementType>())})");
        }

        var shape = info.Shape;
        if (shape.Length > TensorFrameCodec.MaximumRank)
        {
            throw new TensorConversionException($"output '{name}' has rank {shape.Length}; tensor frames carry at most rank {TensorFrameCodec.MaximumRank}");
        }

        return new TensorFrame
        {
            ElementType = type,
            Shape = shape,
            PipelineId = pipelineId,
            RequestId = requestId,
            StageIndex = stageIndex,
            Data = new OrtValueMemory(value).Memory,
        };
    }

    private static void RequireLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new TensorConversionException("tensor frames are little-endian and this machine is big-endian; converting them is not supported");
        }
    }

    /// <summary>The memory of an ONNX Runtime tensor, read through the tensor on every access (it cannot be pinned).</summary>
    private sealed class OrtValueMemory(OrtValue value) : MemoryManager<byte>
    {
        private readonly int _length = value.GetTensorMutableRawData().Length;

        public override Memory<byte> Memory => CreateMemory(_length);

        public override Span<byte> GetSpan() => value.GetTensorMutableRawData();

        public override MemoryHandle Pin(int elementIndex = 0) =>
            throw new NotSupportedException("a view of an ONNX Runtime tensor cannot be pinned; copy it first");

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
        }
    }
}
