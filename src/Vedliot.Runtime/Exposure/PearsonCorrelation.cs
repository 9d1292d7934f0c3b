namespace Vedliot.Runtime.Exposure;

/// <summary>Pearson's correlation coefficient of two equally long series.</summary>
public static class PearsonCorrelation
{
    /// <summary>The correlation of <paramref name="x"/> and <paramref name="y"/>; 0 when either is constant (nothing of its shape can be recovered).</summary>
    /// <exception cref="ArgumentException">The lengths differ or are below 2.</exception>
    public static double Of(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        if (x.Length != y.Length || x.Length < 2)
        {
            throw new ArgumentException($"correlation needs two series of equal length (at least 2), got {x.Length} and {y.Length}");
        }

        double mx = 0, my = 0;
        for (var i = 0; i < x.Length; i++)
        {
            mx += x[i];
            my += y[i];
        }

        mx /= x.Length;
        my /= y.Length;
        double sxx = 0, syy = 0, sxy = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var dx = x[i] - mx;
            var dy = y[i] - my;
            sxx += dx * dx;
            syy += dy * dy;
            sxy += dx * dy;
        }

        return sxx > 0 && syy > 0 ? sxy / Math.Sqrt(sxx * syy) : 0;
    }
}
