using System.Globalization;
using System.Text;

namespace Vedliot.UseCases.Industrial.Tests;

/// <summary>Writes recordings as the app reads them: WAV (float32 or PCM16, 1–3 channels) and CSV.</summary>
internal static class RecordingFiles
{
    public static byte[] Wav(IReadOnlyList<float[]> channels, int sampleRateHz, bool asFloat)
    {
        var bits = asFloat ? 32 : 16;
        var frames = channels[0].Length;
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        var dataBytes = frames * channels.Count * bits / 8;
        writer.Write("RIFF"u8);
        writer.Write(36 + dataBytes);
        writer.Write("WAVEfmt "u8);
        writer.Write(16);
        writer.Write((ushort)(asFloat ? 3 : 1));
        writer.Write((ushort)channels.Count);
        writer.Write(sampleRateHz);
        writer.Write(sampleRateHz * channels.Count * bits / 8);
        writer.Write((ushort)(channels.Count * bits / 8));
        writer.Write((ushort)bits);
        writer.Write("data"u8);
        writer.Write(dataBytes);
        for (var i = 0; i < frames; i++)
        {
            foreach (var channel in channels)
            {
                if (asFloat)
                {
                    writer.Write(channel[i]);
                }
                else
                {
                    writer.Write((short)Math.Clamp(Math.Round(channel[i] * 32768), short.MinValue, short.MaxValue));
                }
            }
        }

        writer.Flush();
        return stream.ToArray();
    }

    public static string Csv(AccelerationTrace trace, bool threeAxes)
    {
        var text = new StringBuilder(threeAxes ? "t,ax,ay,az\n" : "t,ax\n");
        for (var i = 0; i < trace.X.Length; i++)
        {
            var t = (double)i / trace.SampleRateHz;
            text.Append(threeAxes
                ? string.Create(CultureInfo.InvariantCulture, $"{t:R},{trace.X[i]:R},{trace.Y![i]:R},{trace.Z![i]:R}\n")
                : string.Create(CultureInfo.InvariantCulture, $"{t:R},{trace.X[i]:R}\n"));
        }

        return text.ToString();
    }
}
