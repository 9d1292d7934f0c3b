namespace Vedliot.Runtime.Exposure;

/// <summary>
/// The model input whose exposure is measured and the reconstruction target made from it: for an image
/// [1, C, H, W] the image averaged over f×f pixel blocks (the largest whole f that leaves at least 32 pixels
/// on the shorter side); for any other input its elements averaged in contiguous groups down to at most
/// <see cref="MaxSignalTarget"/> values.
/// </summary>
/// <param name="Metric">SSIM for images, correlation otherwise.</param>
/// <param name="Shape">The input's concrete shape.</param>
public sealed record ExposureInput(ExposureMetric Metric, IReadOnlyList<long> Shape)
{
    /// <summary>Most values of a non-image reconstruction target.</summary>
    public const int MaxSignalTarget = 1024;

    private const int MinTargetSide = 32;

    /// <summary>An image input [1, C, H, W] with C of 1 or 3, scored by SSIM.</summary>
    public static ExposureInput Image(int channels, int height, int width) => new(ExposureMetric.Ssim, [1, channels, height, width]);

    /// <summary>Elements of the input.</summary>
    public int Length => (int)Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>Channels of an image input (1 otherwise).</summary>
    public int Channels => Metric == ExposureMetric.Ssim ? (int)Shape[1] : 1;

    /// <summary>The pixel block side an image is averaged over (1 for other inputs).</summary>
    public int Factor
    {
        get
        {
            if (Metric != ExposureMetric.Ssim)
            {
                return 1;
            }

            var (h, w) = ((int)Shape[2], (int)Shape[3]);
            var factor = Math.Max(1, Math.Min(h, w) / MinTargetSide);
            while (factor > 1 && (h % factor != 0 || w % factor != 0))
            {
                factor--;
            }

            return factor;
        }
    }

    /// <summary>Rows of the target image (1 for other inputs).</summary>
    public int TargetHeight => Metric == ExposureMetric.Ssim ? (int)Shape[2] / Factor : 1;

    /// <summary>Columns of the target image, or values of another input's target.</summary>
    public int TargetWidth => Metric == ExposureMetric.Ssim ? (int)Shape[3] / Factor : Math.Min(Length, MaxSignalTarget);

    /// <summary>Values in the reconstruction target.</summary>
    public int TargetLength => Channels * TargetHeight * TargetWidth;

    /// <summary>The reconstruction target of one input value.</summary>
    public float[] Target(ReadOnlySpan<float> input)
    {
        var target = new float[TargetLength];
        if (Metric != ExposureMetric.Ssim)
        {
            var group = (Length + TargetWidth - 1) / TargetWidth;
            var counts = new int[TargetWidth];
            for (var i = 0; i < input.Length; i++)
            {
                target[i / group] += input[i];
                counts[i / group]++;
            }

            for (var k = 0; k < target.Length; k++)
            {
                target[k] /= Math.Max(1, counts[k]);
            }

            return target;
        }

        int f = Factor, h = (int)Shape[2], w = (int)Shape[3], th = TargetHeight, tw = TargetWidth;
        for (var c = 0; c < Channels; c++)
        {
            for (var y = 0; y < h; y++)
            {
                for (var x = 0; x < w; x++)
                {
                    target[(((c * th) + (y / f)) * tw) + (x / f)] += input[(((c * h) + y) * w) + x] / (f * f);
                }
            }
        }

        return target;
    }

    /// <summary>How similar a reconstruction is to the target: SSIM averaged over channels (values clamped to the images' [0, 1]), or correlation; negative scores count as 0.</summary>
    public double Score(ReadOnlySpan<float> target, Span<float> reconstruction)
    {
        if (Metric != ExposureMetric.Ssim)
        {
            return Math.Max(0, PearsonCorrelation.Of(target, reconstruction));
        }

        foreach (ref var v in reconstruction)
        {
            v = Math.Clamp(v, 0, 1);
        }

        var plane = TargetHeight * TargetWidth;
        double sum = 0;
        for (var c = 0; c < Channels; c++)
        {
            sum += Ssim.Mean(target.Slice(c * plane, plane), reconstruction.Slice(c * plane, plane), TargetWidth, TargetHeight);
        }

        return Math.Max(0, sum / Channels);
    }
}
