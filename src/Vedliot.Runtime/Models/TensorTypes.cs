using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Vedliot.Runtime.Models;

/// <summary>Facts about ONNX tensor types: element sizes, static sizes and readable descriptions.</summary>
public static class TensorTypes
{
    /// <summary>Bytes per element of <paramref name="type"/>, or 0 for strings and undefined types.</summary>
    public static int ElementSize(DataType type) => type switch
    {
        DataType.Float or DataType.Int32 or DataType.Uint32 => 4,
        DataType.Double or DataType.Int64 or DataType.Uint64 or DataType.Complex64 => 8,
        DataType.Complex128 => 16,
        DataType.Float16 or DataType.Bfloat16 or DataType.Int16 or DataType.Uint16 => 2,
        DataType.Int8 or DataType.Uint8 or DataType.Bool => 1,
        _ => 0,
    };

    /// <summary>The size in bytes of a tensor of <paramref name="type"/> when its shape is fully static.</summary>
    public static bool TryGetStaticBytes(TypeProto? type, out long bytes)
    {
        bytes = 0;
        if (type?.TensorType is not { } tensor || tensor.Shape is null)
        {
            return false;
        }

        var elementSize = ElementSize((DataType)tensor.ElemType);
        if (elementSize == 0)
        {
            return false;
        }

        long count = 1;
        foreach (var dim in tensor.Shape.Dim)
        {
            if (!dim.HasDimValue || dim.DimValue < 0)
            {
                return false;
            }

            count *= dim.DimValue;
        }

        bytes = count * elementSize;
        return true;
    }

    /// <summary>A short description such as <c>float32[1,3,N,W]</c> or <c>seq(int64[?])</c>.</summary>
    public static string Describe(TypeProto? type)
    {
        if (type is null)
        {
            return "?";
        }

        return type.ValueCase switch
        {
            TypeProto.ValueOneofCase.TensorType => $"{ElementName((DataType)type.TensorType.ElemType)}{DescribeShape(type.TensorType.Shape)}",
            TypeProto.ValueOneofCase.SequenceType => $"seq({Describe(type.SequenceType.ElemType)})",
            TypeProto.ValueOneofCase.OptionalType => $"optional({Describe(type.OptionalType.ElemType)})",
            TypeProto.ValueOneofCase.MapType => $"map({ElementName((DataType)type.MapType.KeyType)},{Describe(type.MapType.ValueType)})",
            TypeProto.ValueOneofCase.SparseTensorType => $"sparse {ElementName((DataType)type.SparseTensorType.ElemType)}{DescribeShape(type.SparseTensorType.Shape)}",
            _ => "?",
        };
    }

    /// <summary>The numpy-style name of an element type, e.g. <c>float32</c>.</summary>
    public static string ElementName(DataType type) => type switch
    {
        DataType.Float => "float32",
        DataType.Double => "float64",
        DataType.Float16 => "float16",
        DataType.Bfloat16 => "bfloat16",
        DataType.Complex64 => "complex64",
        DataType.Complex128 => "complex128",
        DataType.Undefined => "?",
        _ => type.ToString().ToLowerInvariant(),
    };

    private static string DescribeShape(TensorShapeProto? shape)
    {
        if (shape is null)
        {
            return "[...]";
        }

        var dims = shape.Dim.Select(d => d.HasDimValue ? d.DimValue.ToString(System.Globalization.CultureInfo.InvariantCulture) : d.HasDimParam && d.DimParam.Length > 0 ? d.DimParam : "?");
        return $"[{string.Join(",", dims)}]";
    }
}
