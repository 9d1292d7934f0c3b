namespace Vedliot.Signals;

/// <summary>
/// Band-limited sample-rate conversion by a Kaiser-windowed sinc kernel. The kernel's cut-off lies at
/// <see cref="Rolloff"/> of the lower of the two Nyquist frequencies, so downsampling removes what
/// the new rate cannot carry instead of folding it back (aliasing), and upsampling does not image.
/// </summary>
public static class SincResampler
{
    /// <summary>Cut-off as a fraction of the lower Nyquist frequency.</summary>
    public const double Rolloff = 0.9;

    /// <summary>Zero crossings of the sinc kept on each side of the centre.</summary>
    public const int ZeroCrossings = 32;

    /// <summary>Kaiser window shape: about 90 dB of stop-band attenuation.</summary>
    public const double KaiserBeta = 9.0;

    /// <summary>Above this many distinct kernel phases the taps are computed per output sample instead of tabulated.</summary>
    private const int MaximumTabulatedPhases = 4096;

    /// <summary>Resamples <paramref name="input"/> from one rate to another.</summary>
    /// <param name="input">Samples at <paramref name="fromRateHz"/>.</param>
    /// <param name="fromRateHz">Input rate.</param>
    /// <param name="toRateHz">Output rate.</param>
    /// <returns>⌊length × to / from⌋ samples at <paramref name="toRateHz"/>; output sample n sits at input time n × from / to.</returns>
    public static float[] Resample(ReadOnlySpan<float> input, int fromRateHz, int toRateHz)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fromRateHz);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(toRateHz);
        if (fromRateHz == toRateHz)
        {
            return input.ToArray();
        }

        // Output sample n sits at input position n·M/L: integer part n·M div L, phase n·M mod L.
        var gcd = Gcd(fromRateHz, toRateHz);
        var step = fromRateHz / gcd;
        var phases = toRateHz / gcd;

        // Cut-off in cycles per input sample; the kernel reaches ZeroCrossings zeros either side.
        var cutoff = Rolloff * Math.Min(fromRateHz, toRateHz) / (2.0 * fromRateHz);
        var halfWidth = ZeroCrossings / (2.0 * cutoff);
        var reach = (int)Math.Ceiling(halfWidth);
        var taps = (2 * reach) + 1;
        var table = phases <= MaximumTabulatedPhases ? new float[phases][] : null;

        var output = new float[(long)input.Length * toRateHz / fromRateHz];
        for (long n = 0; n < output.Length; n++)
        {
            var position = n * step;
            var centre = position / phases;
            var phase = (int)(position % phases);
            var kernel = table is null ? Kernel((double)phase / phases, cutoff, halfWidth, reach, taps)
                : table[phase] ??= Kernel((double)phase / phases, cutoff, halfWidth, reach, taps);

            // Input sample centre + j − reach is weighted by kernel[j].
            var first = centre - reach;
            var from = (int)Math.Max(0, -first);
            var to = (int)Math.Min(taps, input.Length - first);
            double sum = 0;
            for (var j = from; j < to; j++)
            {
                sum += kernel[j] * input[(int)(first + j)];
            }

            output[n] = (float)sum;
        }

        return output;
    }

    /// <summary>The taps for an output sample <paramref name="fraction"/> of an input sample past its centre, normalised to unit DC gain.</summary>
    private static float[] Kernel(double fraction, double cutoff, double halfWidth, int reach, int taps)
    {
        var kernel = new double[taps];
        double sum = 0;
        for (var j = 0; j < taps; j++)
        {
            var distance = j - reach - fraction;
            var t = distance / halfWidth;
            if (Math.Abs(t) >= 1)
            {
                continue;
            }

            var x = 2 * cutoff * distance;
            var sinc = x == 0 ? 1 : Math.Sin(Math.PI * x) / (Math.PI * x);
            kernel[j] = 2 * cutoff * sinc * BesselI0(KaiserBeta * Math.Sqrt(1 - (t * t))) / BesselI0(KaiserBeta);
            sum += kernel[j];
        }

        return kernel.Select(k => (float)(k / sum)).ToArray();
    }

    /// <summary>The modified Bessel function of the first kind, order 0, by its power series.</summary>
    private static double BesselI0(double x)
    {
        double sum = 1, term = 1;
        var quarterSquare = x * x / 4;
        for (var k = 1; term > sum * 1e-16; k++)
        {
            term *= quarterSquare / ((double)k * k);
            sum += term;
        }

        return sum;
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
