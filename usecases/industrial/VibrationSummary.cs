namespace Vedliot.UseCases.Industrial;

/// <summary>A window's RMS and its three strongest spectral lines (Hann-windowed DFT at 1 Hz steps, 2 Hz … ⅓ of the rate, peaks at least 3 Hz apart).</summary>
/// <param name="RmsG">Root mean square of the acceleration less its mean, g.</param>
/// <param name="DominantHz">The three dominant frequencies, strongest first.</param>
public sealed record VibrationSummary(double RmsG, IReadOnlyList<double> DominantHz)
{
    /// <summary>The summary of <paramref name="window"/>.</summary>
    /// <param name="window">Acceleration samples, g (at least 64).</param>
    /// <param name="sampleRateHz">Their rate.</param>
    public static VibrationSummary Of(ReadOnlySpan<float> window, int sampleRateHz)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window.Length, 64);
        var n = window.Length;
        var mean = 0.0;
        foreach (var v in window)
        {
            mean += v;
        }

        mean /= n;
        var centred = new double[n];
        var rms = 0.0;
        for (var i = 0; i < n; i++)
        {
            centred[i] = window[i] - mean;
            rms += centred[i] * centred[i];
            centred[i] *= 0.5 - (0.5 * Math.Cos(2 * Math.PI * i / n));
        }

        var top = sampleRateHz / 3;
        var power = new double[top + 1];
        for (var f = 2; f <= top; f++)
        {
            var (sin, cos) = Math.SinCos(2 * Math.PI * f / sampleRateHz);
            double c = 1, s = 0, re = 0, im = 0;
            for (var i = 0; i < n; i++)
            {
                re += centred[i] * c;
                im += centred[i] * s;
                (c, s) = ((c * cos) - (s * sin), (s * cos) + (c * sin));
            }

            power[f] = (re * re) + (im * im);
        }

        var peaks = new List<int>();
        foreach (var f in Enumerable.Range(2, top - 1).OrderByDescending(f => power[f]))
        {
            if (peaks.All(p => Math.Abs(p - f) >= 3))
            {
                peaks.Add(f);
            }

            if (peaks.Count == 3)
            {
                break;
            }
        }

        return new VibrationSummary(Math.Sqrt(rms / n), [.. peaks.Select(p => (double)p)]);
    }
}
