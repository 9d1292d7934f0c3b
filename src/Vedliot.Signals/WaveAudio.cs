namespace Vedliot.Signals;

/// <summary>The samples of a WAV file, per channel, as fractions of full scale (−1 … 1; float files as stored).</summary>
/// <param name="SampleRateHz">Frames per second.</param>
/// <param name="BitsPerSample">16, 24 or 32.</param>
/// <param name="IsFloat">Whether the file holds IEEE float samples rather than integer PCM.</param>
/// <param name="Channels">One array per channel, all of the same length.</param>
public sealed record WaveAudio(int SampleRateHz, int BitsPerSample, bool IsFloat, IReadOnlyList<float[]> Channels);
