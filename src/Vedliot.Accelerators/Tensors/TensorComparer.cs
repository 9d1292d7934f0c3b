using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Vedliot.Accelerators.Tensors;

/// <summary>
/// Compares ONNX Runtime values as ONNX's own backend tests do: element-wise
/// |actual - expected| ≤ atol + rtol · |expected|, NaN equal to NaN, strings exactly, shapes exactly,
/// sequences element by element.
/// </summary>
/// <param name="RelativeTolerance">rtol; ONNX's backend tests use 1e-3.</param>
/// <param name="AbsoluteTolerance">atol; ONNX's backend tests use 1e-7.</param>
public sealed record TensorComparer(double RelativeTolerance, double AbsoluteTolerance)
{
    /// <summary>The tolerances of ONNX's backend tests (rtol 1e-3, atol 1e-7).</summary>
    public static TensorComparer OnnxBackend { get; } = new(1e-3, 1e-7);

    /// <summary>Compares <paramref name="actual"/> with <paramref name="expected"/>.</summary>
    public TensorComparison Compare(OrtValue actual, OrtValue expected)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(expected);
        if (actual.OnnxType != expected.OnnxType)
        {
            return TensorComparison.Differ($"value kind {actual.OnnxType} differs from the expected {expected.OnnxType}");
        }

        return actual.OnnxType switch
        {
            OnnxValueType.ONNX_TYPE_TENSOR => CompareTensors(actual, expected),
            OnnxValueType.ONNX_TYPE_SEQUENCE => CompareSequences(actual, expected),
            _ => TensorComparison.Differ($"values of kind {actual.OnnxType} cannot be compared"),
        };
    }

    private TensorComparison CompareSequences(OrtValue actual, OrtValue expected)
    {
        var count = actual.GetValueCount();
        if (count != expected.GetValueCount())
        {
            return TensorComparison.Differ($"sequence length {count} differs from the expected {expected.GetValueCount()}");
        }

        double worst = 0;
        for (var i = 0; i < count; i++)
        {
            using var a = actual.GetValue(i, OrtAllocator.DefaultInstance);
            using var e = expected.GetValue(i, OrtAllocator.DefaultInstance);
            var result = Compare(a, e);
            if (!result.Matches)
            {
                return TensorComparison.Differ($"sequence element {i}: {result.Mismatch}");
            }

            worst = Math.Max(worst, result.MaxAbsoluteDifference);
        }

        return TensorComparison.Match(worst);
    }

    private TensorComparison CompareTensors(OrtValue actual, OrtValue expected)
    {
        var actualInfo = actual.GetTensorTypeAndShape();
        var expectedInfo = expected.GetTensorTypeAndShape();
        if (actualInfo.ElementDataType != expectedInfo.ElementDataType)
        {
            return TensorComparison.Differ($"element type {actualInfo.ElementDataType} differs from the expected {expectedInfo.ElementDataType}");
        }

        if (!actualInfo.Shape.AsSpan().SequenceEqual(expectedInfo.Shape))
        {
            return TensorComparison.Differ($"shape [{string.Join(",", actualInfo.Shape)}] differs from the expected [{string.Join(",", expectedInfo.Shape)}]");
        }

        if (actualInfo.ElementDataType == TensorElementType.String)
        {
            for (var i = 0; i < actualInfo.ElementCount; i++)
            {
                if (!actual.GetStringElementAsSpan(i).SequenceEqual(expected.GetStringElementAsSpan(i)))
                {
                    return TensorComparison.Differ($"element {i}: \"{actual.GetStringElement(i)}\" differs from the expected \"{expected.GetStringElement(i)}\"");
                }
            }

            return TensorComparison.Match(0);
        }

        var type = actualInfo.ElementDataType;
        var a = actual.GetTensorDataAsSpan<byte>();
        var e = expected.GetTensorDataAsSpan<byte>();
        double worst = 0;
        for (var i = 0; i < actualInfo.ElementCount; i++)
        {
            var x = Element(a, type, i);
            var y = Element(e, type, i);
            if (double.IsNaN(x) && double.IsNaN(y))
            {
                continue;
            }

            // Infinities must agree exactly: an infinite expected value would make any tolerance infinite.
            var infinite = double.IsInfinity(x) || double.IsInfinity(y);
            if (infinite && x == y)
            {
                continue;
            }

            var difference = Math.Abs(x - y);
            if (infinite || !(difference <= AbsoluteTolerance + (RelativeTolerance * Math.Abs(y))))
            {
                return TensorComparison.Differ($"element {i}: {x:R} differs from the expected {y:R} by {difference:G3} (rtol {RelativeTolerance:G}, atol {AbsoluteTolerance:G})", difference);
            }

            worst = Math.Max(worst, difference);
        }

        return TensorComparison.Match(worst);
    }

    /// <summary>Element <paramref name="index"/> of a raw tensor buffer as a double.</summary>
    public static double Element(ReadOnlySpan<byte> data, TensorElementType type, long index)
    {
        var i = checked((int)index);
        return type switch
        {
            TensorElementType.Float => MemoryMarshal.Cast<byte, float>(data)[i],
            TensorElementType.Double => MemoryMarshal.Cast<byte, double>(data)[i],
            TensorElementType.Float16 => (double)BitConverter.UInt16BitsToHalf(MemoryMarshal.Cast<byte, ushort>(data)[i]),
            TensorElementType.BFloat16 => BitConverter.Int32BitsToSingle(MemoryMarshal.Cast<byte, ushort>(data)[i] << 16),
            TensorElementType.Int8 => (sbyte)data[i],
            TensorElementType.UInt8 or TensorElementType.Bool => data[i],
            TensorElementType.Int16 => MemoryMarshal.Cast<byte, short>(data)[i],
            TensorElementType.UInt16 => MemoryMarshal.Cast<byte, ushort>(data)[i],
            TensorElementType.Int32 => MemoryMarshal.Cast<byte, int>(data)[i],
            TensorElementType.UInt32 => MemoryMarshal.Cast<byte, uint>(data)[i],
            TensorElementType.Int64 => MemoryMarshal.Cast<byte, long>(data)[i],
            TensorElementType.UInt64 => MemoryMarshal.Cast<byte, ulong>(data)[i],
            _ => throw new NotSupportedException($"element type {type} has no numeric value"),
        };
    }
}
