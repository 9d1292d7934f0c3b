namespace Vedliot.Signals;

/// <summary>The samples of a WAV file, per channel, as fractions of full scale (−1 … 1; float files as stored).</summary>
/// <param name="SampleRateHz">Frames per second.</param>
/// <param name="BitsPerSample">8, 16, 24, 32 or (float) 64.</param>
/// <param name="IsFloat">Whether the file holds IEEE float samples rather than integer PCM.</param>
/// <param name="Channels">One array per channel, all of the same length.</param>
public sealed record WaveAudio(int SampleRateHz, int BitsPerSample, bool IsFloat, IReadOnlyList<float[]> Channels)
{
    /// <summary>The channels averaged into one, as fractions of full scale.</summary>
    /// <returns>A new array of one sample per frame.</returns>
    public float[] Mono()
    {
        var mono = new float[Channels[0].Length];
        for (var i = 0; i < mono.Length; i++)
        {
            double sum = 0;
            foreach (var channel in Channels)
            {
                sum += channel[i];
            }

            mono[i] = (float)(sum / Channels.Count);
        }

        return mono;
    }
}
