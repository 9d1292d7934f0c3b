using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Vedliot.Runtime;

namespace Vedliot.Accelerators.Tensors;

/// <summary>
/// Makes reproducible inputs for a model from its declared input types: floating-point elements
/// uniform in [0, 1), integers uniform in [0, 10), booleans fair coin flips, all from one seeded
/// generator. A symbolic dimension takes the size given for its name; otherwise a leading (batch)
/// dimension is 1 and any other is <see cref="DefaultDimension"/>.
/// </summary>
public static class RandomInputs
{
    /// <summary>The size of a symbolic non-leading dimension that no one sized.</summary>
    public const int DefaultDimension = 64;

    /// <summary>Creates one tensor per input in <paramref name="inputs"/>; the caller owns and disposes them.</summary>
    /// <param name="inputs">Input metadata, e.g. <see cref="InferenceSession.InputMetadata"/>.</param>
    /// <param name="dimensions">Sizes for symbolic dimensions, by dimension name.</param>
    /// <param name="seed">The generator's seed; the same seed gives the same tensors.</param>
    /// <exception cref="VedliotException">An input is not a numeric tensor.</exception>
    public static Dictionary<string, OrtValue> Create(IReadOnlyDictionary<string, NodeMetadata> inputs, IReadOnlyDictionary<string, long> dimensions, int seed)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(dimensions);
        var random = new Random(seed);
        var values = new Dictionary<string, OrtValue>(StringComparer.Ordinal);
        try
        {
            foreach (var (name, metadata) in inputs)
            {
                if (!metadata.IsTensor || metadata.IsString)
                {
                    throw new VedliotException($"input '{name}' is a {(metadata.IsString ? "string tensor" : metadata.OnnxValueType.ToString())}; give it in a file instead of generating it");
                }

                values[name] = Generate(metadata.ElementDataType, Shape(metadata, dimensions), random);
            }

            return values;
        }
        catch
        {
            foreach (var value in values.Values)
            {
                value.Dispose();
            }

            throw;
        }
    }

    private static long[] Shape(NodeMetadata metadata, IReadOnlyDictionary<string, long> dimensions)
    {
        var shape = new long[metadata.Dimensions.Length];
        for (var i = 0; i < shape.Length; i++)
        {
            var symbol = i < metadata.SymbolicDimensions.Length ? metadata.SymbolicDimensions[i] : string.Empty;
            if (metadata.Dimensions[i] >= 0)
            {
                shape[i] = metadata.Dimensions[i];
            }
            else if (!string.IsNullOrEmpty(symbol) && dimensions.TryGetValue(symbol, out var size))
            {
                shape[i] = size;
            }
            else
            {
                shape[i] = i == 0 ? 1 : DefaultDimension;
            }
        }

        return shape;
    }

    private static OrtValue Generate(TensorElementType type, long[] shape, Random random)
    {
        var value = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, type, shape);
        var data = value.GetTensorMutableRawData();
        var count = shape.Aggregate(1L, (a, b) => a * b);
        for (var i = 0; i < count; i++)
        {
            switch (type)
            {
                case TensorElementType.Float:
                    MemoryMarshal.Cast<byte, float>(data)[i] = random.NextSingle();
                    break;
                case TensorElementType.Double:
                    MemoryMarshal.Cast<byte, double>(data)[i] = random.NextDouble();
                    break;
                case TensorElementType.Float16:
                    MemoryMarshal.Cast<byte, Half>(data)[i] = (Half)random.NextSingle();
                    break;
                case TensorElementType.Int64:
                    MemoryMarshal.Cast<byte, long>(data)[i] = random.Next(10);
                    break;
                case TensorElementType.Int32:
                    MemoryMarshal.Cast<byte, int>(data)[i] = random.Next(10);
                    break;
                case TensorElementType.Bool:
                    data[i] = (byte)random.Next(2);
                    break;
                case TensorElementType.Int8 or TensorElementType.UInt8:
                    data[i] = (byte)random.Next(10);
                    break;
                default:
                    value.Dispose();
                    throw new VedliotException($"inputs of element type {type} cannot be generated; give them in a file");
            }
        }

        return value;
    }
}
