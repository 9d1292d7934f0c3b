using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Vedliot.Accelerators.Tensors;

/// <summary>
/// Reads NumPy .npy files (format versions 1.0, 2.0 and 3.0; little-endian, C order) into ONNX Runtime
/// tensors.
/// </summary>
public static partial class NpyFile
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Reads the array in <paramref name="path"/> into a tensor the caller owns.</summary>
    /// <exception cref="TensorFileException">The file is missing, not an .npy file, or holds an unsupported array.</exception>
    public static OrtValue Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new TensorFileException(path, "file not found");
        }

        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 10 || !bytes.AsSpan(0, 6).SequenceEqual(Magic))
        {
            throw new TensorFileException(path, "not an .npy file (the magic string \\x93NUMPY is missing)");
        }

        var major = bytes[6];
        var (headerLength, headerStart) = major switch
        {
            1 => (BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)), 10),
            2 or 3 when bytes.Length >= 12 => ((int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)), 12),
            _ => throw new TensorFileException(path, $".npy format version {major}.{bytes[7]} is not supported (1.0, 2.0 and 3.0 are)"),
        };
        if (headerLength < 0 || headerStart + headerLength > bytes.Length)
        {
            throw new TensorFileException(path, $"the header length {headerLength} runs past the end of the file ({bytes.Length} bytes)");
        }

        var header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(bytes, headerStart, headerLength);
        var (type, elementSize) = ParseDescr(path, header);
        if (FortranOrder().Match(header) is { Success: true } order && order.Groups[1].Value == "True")
        {
            throw new TensorFileException(path, "the array is stored in Fortran order; save it in C order (numpy.ascontiguousarray)");
        }

        var shape = ParseShape(path, header);
        long count = 1;
        foreach (var dim in shape)
        {
            count = checked(count * dim);
        }

        var data = bytes.AsSpan(headerStart + headerLength);
        if (data.Length != count * elementSize)
        {
            throw new TensorFileException(path, $"the data holds {data.Length} bytes, but shape ({string.Join(", ", shape)}) of {type} needs {count * elementSize}");
        }

        var value = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, type, shape);
        data.CopyTo(value.GetTensorMutableRawData());
        return value;
    }

    private static (TensorElementType Type, int Size) ParseDescr(string path, string header)
    {
        var match = Descr().Match(header);
        if (!match.Success)
        {
            throw new TensorFileException(path, "the header has no 'descr' entry");
        }

        var descr = match.Groups[1].Value;
        if (descr.StartsWith('>') && descr[^1] != '1')
        {
            throw new TensorFileException(path, $"dtype '{descr}' is big-endian; only little-endian arrays are supported");
        }

        return descr.TrimStart('<', '|', '=', '>') switch
        {
            "f4" => (TensorElementType.Float, 4),
            "f8" => (TensorElementType.Double, 8),
            "f2" => (TensorElementType.Float16, 2),
            "i1" => (TensorElementType.Int8, 1),
            "i2" => (TensorElementType.Int16, 2),
            "i4" => (TensorElementType.Int32, 4),
            "i8" => (TensorElementType.Int64, 8),
            "u1" => (TensorElementType.UInt8, 1),
            "u2" => (TensorElementType.UInt16, 2),
            "u4" => (TensorElementType.UInt32, 4),
            "u8" => (TensorElementType.UInt64, 8),
            "b1" => (TensorElementType.Bool, 1),
            _ => throw new TensorFileException(path, $"dtype '{descr}' is not supported"),
        };
    }

    private static long[] ParseShape(string path, string header)
    {
        var match = Shape().Match(header);
        if (!match.Success)
        {
            throw new TensorFileException(path, "the header has no 'shape' entry");
        }

        var parts = match.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var shape = new long[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!long.TryParse(parts[i].TrimEnd('L'), NumberStyles.None, CultureInfo.InvariantCulture, out shape[i]))
            {
                throw new TensorFileException(path, $"shape entry '{parts[i]}' is not a dimension");
            }
        }

        return shape;
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex Descr();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranOrder();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex Shape();
}
