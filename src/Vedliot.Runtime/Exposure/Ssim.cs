namespace Vedliot.Runtime.Exposure;

/// <summary>
/// Structural similarity of two single-channel images, as defined by Wang, Bovik, Sheikh and Simoncelli,
/// "Image quality assessment: from error visibility to structural similarity", IEEE TIP 13(4), 2004:
/// at every position where the window fits, SSIM(x, y) = ((2 μx μy + C1)(2 σxy + C2)) / ((μx² + μy² + C1)(σx² + σy² + C2))
/// with weighted local statistics (eqs. 14–16), C1 = (K1 L)², C2 = (K2 L)², K1 = 0.01, K2 = 0.03; the score is the
/// mean of that map (MSSIM, eq. 17). Windows do not extend past the image's edge.
/// </summary>
public static class Ssim
{
    /// <summary>K1 of the paper.</summary>
    public const double K1 = 0.01;

    /// <summary>K2 of the paper.</summary>
    public const double K2 = 0.03;

    /// <summary>The mean SSIM of images <paramref name="x"/> and <paramref name="y"/>, row-major <paramref name="height"/> × <paramref name="width"/>.</summary>
    /// <param name="x">One image.</param>
    /// <param name="y">The other, of the same size.</param>
    /// <param name="width">Columns.</param>
    /// <param name="height">Rows.</param>
    /// <param name="dataRange">L, the dynamic range of the pixel values (1 for values in [0, 1]).</param>
    /// <param name="window">The local window.</param>
    /// <returns>A value in [-1, 1]; 1 exactly when the images are identical.</returns>
    /// <exception cref="ArgumentException">The sizes do not agree, or the image is smaller than the window.</exception>
    public static double Mean(ReadOnlySpan<float> x, ReadOnlySpan<float> y, int width, int height, double dataRange = 1, SsimWindow window = SsimWindow.Gaussian11)
    {
        var weights = Weights(window);
        var size = (int)Math.Sqrt(weights.Length);
        if (x.Length != width * height || y.Length != x.Length)
        {
            throw new ArgumentException($"SSIM needs two {height}×{width} images, got {x.Length} and {y.Length} values");
        }

        if (width < size || height < size)
        {
            throw new ArgumentException($"a {height}×{width} image is smaller than the {size}×{size} SSIM window");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dataRange);
        var c1 = Math.Pow(K1 * dataRange, 2);
        var c2 = Math.Pow(K2 * dataRange, 2);
        double total = 0;
        for (var top = 0; top + size <= height; top++)
        {
            for (var left = 0; left + size <= width; left++)
            {
                double mx = 0, my = 0;
                for (var i = 0; i < size; i++)
                {
                    for (var j = 0; j < size; j++)
                    {
                        var w = weights[(i * size) + j];
                        var at = ((top + i) * width) + left + j;
                        mx += w * x[at];
                        my += w * y[at];
                    }
                }

                double vx = 0, vy = 0, cxy = 0;
                for (var i = 0; i < size; i++)
                {
                    for (var j = 0; j < size; j++)
                    {
                        var w = weights[(i * size) + j];
                        var at = ((top + i) * width) + left + j;
                        var dx = x[at] - mx;
                        var dy = y[at] - my;
                        vx += w * dx * dx;
                        vy += w * dy * dy;
                        cxy += w * dx * dy;
                    }
                }

                total += ((2 * mx * my) + c1) * ((2 * cxy) + c2) / (((mx * mx) + (my * my) + c1) * (vx + vy + c2));
            }
        }

        return total / ((height - size + 1) * (width - size + 1));
    }

    private static readonly double[] Gaussian = GaussianWeights(11, 1.5);
    private static readonly double[] Uniform = Enumerable.Repeat(1.0 / 64, 64).ToArray();

    private static double[] Weights(SsimWindow window) => window switch
    {
        SsimWindow.Gaussian11 => Gaussian,
        SsimWindow.Uniform8 => Uniform,
        _ => throw new ArgumentOutOfRangeException(nameof(window), window, "unknown SSIM window"),
    };

    private static double[] GaussianWeights(int size, double sigma)
    {
        var weights = new double[size * size];
        var centre = (size - 1) / 2.0;
        for (var i = 0; i < size; i++)
        {
            for (var j = 0; j < size; j++)
            {
                weights[(i * size) + j] = Math.Exp(-(((i - centre) * (i - centre)) + ((j - centre) * (j - centre))) / (2 * sigma * sigma));
            }
        }

        var sum = weights.Sum();
        return [.. weights.Select(w => w / sum)];
    }
}
