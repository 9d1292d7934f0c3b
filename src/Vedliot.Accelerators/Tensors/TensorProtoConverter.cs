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
                Require(tensor.FloatData.Count == count, tensor, source, $"float_data holds {tensor.FloatData.Count} values, the shape needs {count}");
                CopyRepeated(tensor.FloatData, MemoryMarshal.Cast<byte, float>(target));
                break;
            case DataType.Double:
                Require(tensor.DoubleData.Count == count, tensor, source, $"double_data holds {tensor.DoubleData.Count} values, the shape needs {count}");
                CopyRepeated(tensor.DoubleData, MemoryMarshal.Cast<byte, double>(target));
                break;
            case DataType.Int64:
                Require(tensor.Int64Data.Count == count, tensor, source, $"int64_data holds {tensor.Int64Data.Count} values, the shape needs {count}");
                CopyRepeated(tensor.Int64Data, MemoryMarshal.Cast<byte, long>(target));
                break;
            case DataType.Uint64:
                Require(tensor.Uint64Data.Count == count, tensor, source, $"uint64_data holds {tensor.Uint64Data.Count} values, the shape needs {count}");
                CopyRepeated(tensor.Uint64Data, MemoryMarshal.Cast<byte, ulong>(target));
                break;
            case DataType.Uint32:
                Require(tensor.Uint64Data.Count == count, tensor, source, $"uint64_data holds {tensor.Uint64Data.Count} values, the shape needs {count}");
                var uints = MemoryMarshal.Cast<byte, uint>(target);
                for (var i = 0; i < count; i++)
                {
                    uints[i] = (uint)tensor.Uint64Data[i];
                }

                break;
            default:
                // int32, int16, int8, uint16, uint8, bool, float16 and bfloat16 are stored in int32_data,
                // the 16-bit floats as their bit patterns.
                Require(tensor.Int32Data.Count == count, tensor, source, $"int32_data holds {tensor.Int32Data.Count} values, the shape needs {count}");
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

    private static void CopyRepeated<T>(Google.Protobuf.Collections.RepeatedField<T> source, Span<T> target)
    {
        for (var i = 0; i < source.Count; i++)
        {
            target[i] = source[i];
        }
    }

    private static OrtValue StringTensor(TensorProto tensor, long[] shape, long count, string source)
    {
        Require(tensor.StringData.Count == count, tensor, source, $"string_data holds {tensor.StringData.Count} values, the shape needs {count}");
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
