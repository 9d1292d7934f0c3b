using System.Numerics;

namespace Vedliot.Runtime.Exposure;

/// <summary>
/// A fixed-seed Gaussian random projection (Johnson–Lindenstrauss): maps many features onto fewer while
/// keeping distances, so a linear decoder over the projection is a linear decoder over the original.
/// When there are no more inputs than outputs it copies them instead.
/// </summary>
internal sealed class RandomProjection
{
    private readonly float[]? _matrix;

    public RandomProjection(int inputs, int most, int seed)
    {
        Inputs = inputs;
        Outputs = Math.Min(inputs, most);
        if (inputs <= most)
        {
            return;
        }

        var random = new Random(seed);
        var scale = 1 / Math.Sqrt(Outputs);
        _matrix = new float[inputs * Outputs];
        for (var i = 0; i < _matrix.Length; i++)
        {
            // Box–Muller: one standard normal per pair of uniforms.
            var u = 1 - random.NextDouble();
            _matrix[i] = (float)(scale * Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * random.NextDouble()));
        }
    }

    public int Inputs { get; }

    public int Outputs { get; }

    /// <summary>Adds the projection of <paramref name="values"/> (inputs <paramref name="offset"/> onwards) to <paramref name="into"/>.</summary>
    public void AddTo(ReadOnlySpan<float> values, int offset, Span<float> into)
    {
        if (_matrix is null)
        {
            for (var i = 0; i < values.Length; i++)
            {
                into[offset + i] += values[i];
            }

            return;
        }

        for (var i = 0; i < values.Length; i++)
        {
            // Activations after ReLU are often zero; skipping them is exact.
            var v = values[i];
            if (v == 0)
            {
                continue;
            }

            var row = _matrix.AsSpan((offset + i) * Outputs, Outputs);
            var o = 0;
            if (Vector.IsHardwareAccelerated)
            {
                var scaled = new Vector<float>(v);
                for (; o <= row.Length - Vector<float>.Count; o += Vector<float>.Count)
                {
                    (new Vector<float>(into[o..]) + (scaled * new Vector<float>(row[o..]))).CopyTo(into[o..]);
                }
            }

            for (; o < row.Length; o++)
            {
                into[o] += v * row[o];
            }
        }
    }
}
