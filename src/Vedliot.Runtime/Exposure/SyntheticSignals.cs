namespace Vedliot.Runtime.Exposure;

/// <summary>
/// Audio-like test signals in [-1, 1]: one to three tones at random frequencies (0.2–20 % of the sample
/// rate), each under its own attack/decay envelope and starting at a random time, over low noise. Speech
/// and alarms are tonal and bursty, so a decoder meets the structure real inputs have.
/// </summary>
public static class SyntheticSignals
{
    /// <summary>One signal of <paramref name="length"/> samples from <paramref name="random"/>.</summary>
    public static float[] Generate(Random random, int length)
    {
        ArgumentNullException.ThrowIfNull(random);
        var signal = new float[length];
        for (var i = 0; i < length; i++)
        {
            signal[i] = (float)(0.02 * ((random.NextDouble() * 2) - 1));
        }

        var tones = random.Next(1, 4);
        for (var t = 0; t < tones; t++)
        {
            var frequency = 0.002 + (random.NextDouble() * 0.198);
            var phase = random.NextDouble() * 2 * Math.PI;
            var amplitude = 0.2 + (random.NextDouble() * 0.3);
            var start = random.Next(length);
            var attack = Math.Max(1, length / 50);
            var decay = Math.Max(1, random.Next(length / 10, Math.Max(length / 10 + 1, length / 2)));
            for (var i = start; i < length; i++)
            {
                var age = i - start;
                var envelope = Math.Min(1.0, age / (double)attack) * Math.Exp(-age / (double)decay);
                signal[i] += (float)(amplitude * envelope * Math.Sin((2 * Math.PI * frequency * i) + phase));
            }
        }

        for (var i = 0; i < length; i++)
        {
            signal[i] = Math.Clamp(signal[i], -1, 1);
        }

        return signal;
    }
}
