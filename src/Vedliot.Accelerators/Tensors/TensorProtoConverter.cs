using System.Runtime.InteropServices;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Vedliot.Accelerators.Tensors;

/// <summary>Turns ONNX <see cref="TensorProto"/> messages (.pb tensor files, initializers) into ONNX Runtime values.</summary>
public static class TensorProtoConverter
{
    /// <summary>Reads a serialized TensorProto file into a value the caller owns.</summary>
    /// <exception cref="TensorFileException">The file is missing, corrupt or holds an unsupported tensor.</exception>
    public static OrtValue ReadFile(string path) => ToOrtValue(ReadProto(path), path);

    /// <summary>Reads a serialized TensorProto file as the message.</summary>
    /// <exception cref="TensorFileException">The file is missing or corrupt.</exception>
    public static TensorProto ReadProto(string path)
    {
        if (!File.Exists(path))
        {
            throw new TensorFileException(path, "file not found");
        }

        try
        {
            return TensorProto.Parser.ParseFrom(File.ReadAllBytes(path));
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new TensorFileException(path, $"not a valid ONNX TensorProto: the protobuf data is truncated or corrupt ({e.Message})", e);
        }
    }

    /// <summary>Copies <paramref name="tensor"/> into a new ONNX Runtime value that the caller owns.</summary>
    /// <param name="tensor">The tensor.</param>
    /// <param name="source">Names the tensor's file in errors.</param>
    /// <exception cref="TensorFileException">The tensor's data does not match its type and shape, or the type is unsupported.</exception>
    public static OrtValue ToOrtValue(TensorProto tensor, string source)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var type = (DataType)tensor.DataType;
        var shape = tensor.Dims.ToArray();
        if (shape.Any(d => d < 0))
        {
            throw new TensorFileException(source, $"tensor '{tensor.Name}' has a negative dimension in [{string.Join(",", shape)}]");
        }

        long count = 1;
        foreach (var dim in shape)
        {
            count = checked(count * dim);
        }

        if (tensor.DataLocation == TensorProto.Types.DataLocation.External)
        {
            throw new TensorFileException(source, $"tensor '{tensor.Name}' keeps its data in an external file, which tensor files cannot");
        }

        if (type == DataType.String)
        {
            return StringTensor(tensor, shape, count, source);
        }

        var elementSize = Runtime.Models.TensorTypes.ElementSize(type);
        if (elementSize == 0 || type is DataType.Complex64 or DataType.Complex128)
        {
            throw new TensorFileException(source, $"tensor '{tensor.Name}' has element type {type}, which ONNX Runtime cannot hold");
        }

        var value = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, (TensorElementType)type, shape);
        try
        {
            Fill(value.GetTensorMutableRawData(), tensor, type, count, elementSize, source);
            return value;
        }
        catch
        {
            value.Dispose();
            throw;
        }
    }

    private static void Fill(Span<byte> target, TensorProto tensor, DataType type, long count, int elementSize, string source)
    {
        if (!tensor.RawData.IsEmpty)
        {
            Require(tensor.RawData.Length == count * elementSize, tensor, source, $"raw_data holds {tensor.RawData.Length} bytes, but {count} elements of {type} need {count * elementSize}");
            tensor.RawData.Span.CopyTo(target);
            return;
        }

        switch (type)
        {
            case DataType.Float:
                CopyRepeated(tensor.FloatData, "float_data", MemoryMarshal.Cast<byte, float>(target), count, tensor, source);
                break;
            case DataType.Double:
                CopyRepeated(tensor.DoubleData, "double_data", MemoryMarshal.Cast<byte, double>(target), count, tensor, source);
                break;
            case DataType.Int64:
                CopyRepeated(tensor.Int64Data, "int64_data", MemoryMarshal.Cast<byte, long>(target), count, tensor, source);
                break;
            case DataType.Uint64:
                CopyRepeated(tensor.Uint64Data, "uint64_data", MemoryMarshal.Cast<byte, ulong>(target), count, tensor, source);
                break;
            case DataType.Uint32:
                RequireCount(tensor.Uint64Data.Count, "uint64_data", count, tensor, source);
                var uints = MemoryMarshal.Cast<byte, uint>(target);
                for (var i = 0; i < count; i++)
                {
                    uints[i] = (uint)tensor.Uint64Data[i];
                }

                break;
            default:
                // int32, int16, int8, uint16, uint8, bool, float16 and bfloat16 are stored in int32_data,
                // the 16-bit floats as their bit patterns.
                RequireCount(tensor.Int32Data.Count, "int32_data", count, tensor, source);
                for (var i = 0; i < count; i++)
                {
                    var bits = tensor.Int32Data[i];
                    var slot = target.Slice(i * elementSize, elementSize);
                    switch (elementSize)
                    {
                        case 4:
                            MemoryMarshal.Write(slot, in bits);
                            break;
                        case 2:
                            var half = (short)bits;
                            MemoryMarshal.Write(slot, in half);
                            break;
                        default:
                            slot[0] = (byte)bits;
                            break;
                    }
                }

                break;
        }
    }

    private static void CopyRepeated<T>(Google.Protobuf.Collections.RepeatedField<T> values, string field, Span<T> target, long count, TensorProto tensor, string source)
    {
        RequireCount(values.Count, field, count, tensor, source);
        for (var i = 0; i < values.Count; i++)
        {
            target[i] = values[i];
        }
    }

    private static void RequireCount(int held, string field, long count, TensorProto tensor, string source) =>
        Require(held == count, tensor, source, $"{field} holds {held} values, the shape needs {count}");

    private static OrtValue StringTensor(TensorProto tensor, long[] shape, long count, string source)
    {
        RequireCount(tensor.StringData.Count, "string_data", count, tensor, source);
        var value = OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, shape);
        for (var i = 0; i < count; i++)
        {
            value.StringTensorSetElementAt(tensor.StringData[i].Span, i);
        }

        return value;
    }

    private static void Require(bool condition, TensorProto tensor, string source, string reason)
    {
        if (!condition)
        {
            throw new TensorFileException(source, $"tensor '{tensor.Name}': {reason}");
        }
    }
}
