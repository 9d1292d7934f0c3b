using System.Buffers.Binary;
using Vedliot.Testing;

namespace Vedliot.UseCases.SmartHome.Tests;

public class SpeechSampleTests
{
    private static float[] Sine(double frequencyHz, double amplitude, int sampleRateHz, double seconds) =>
        Enumerable.Range(0, (int)(seconds * sampleRateHz)).Select(n => (float)(amplitude * Math.Sin(2 * Math.PI * frequencyHz * n / sampleRateHz))).ToArray();

    /// <summary>Least-squares fit of a sinusoid of a known frequency: its amplitude and the RMS of what it leaves unexplained.</summary>
    private static (double Amplitude, double ResidualRms) Fit(ReadOnlySpan<float> samples, double frequencyHz, int sampleRateHz)
    {
        double ss = 0, sc = 0, cc = 0, ys = 0, yc = 0;
        for (var n = 0; n < samples.Length; n++)
        {
            var phase = 2 * Math.PI * frequencyHz * n / sampleRateHz;
            var (s, c) = Math.SinCos(phase);
            ss += s * s;
            sc += s * c;
            cc += c * c;
            ys += samples[n] * s;
            yc += samples[n] * c;
        }

        var det = (ss * cc) - (sc * sc);
        var a = ((ys * cc) - (yc * sc)) / det;
        var b = ((yc * ss) - (ys * sc)) / det;
        double residual = 0;
        for (var n = 0; n < samples.Length; n++)
        {
            var (s, c) = Math.SinCos(2 * Math.PI * frequencyHz * n / sampleRateHz);
            var e = samples[n] - ((a * s) + (b * c));
            residual += e * e;
        }

        return (Math.Sqrt((a * a) + (b * b)), Math.Sqrt(residual / samples.Length));
    }

    private static double Rms(ReadOnlySpan<float> samples)
    {
        double sum = 0;
        foreach (var s in samples)
        {
            sum += s * s;
        }

        return Math.Sqrt(sum / samples.Length);
    }

    /// <summary>A RIFF/WAVE file; every field can be made wrong.</summary>
    internal static byte[] Wav(short[] samples, int sampleRateHz = 22_050, ushort format = 1, ushort channels = 1, ushort bits = 16, ushort blockAlign = 2, uint? dataSize = null, bool withFormat = true, bool withData = true, int truncateBy = 0, string riff = "RIFF")
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write(riff.ToCharArray());
        writer.Write(0u); // RIFF size: readers ignore it; filled in below
        writer.Write("WAVE".ToCharArray());
        writer.Write("LIST".ToCharArray()); // an odd-sized chunk before fmt, to be skipped with its pad byte
        writer.Write(3u);
        writer.Write(new byte[] { 1, 2, 3, 0 });
        if (withFormat)
        {
            writer.Write("fmt ".ToCharArray());
            writer.Write(16u);
            writer.Write(format);
            writer.Write(channels);
            writer.Write((uint)sampleRateHz);
            writer.Write((uint)(sampleRateHz * blockAlign));
            writer.Write(blockAlign);
            writer.Write(bits);
        }

        if (withData)
        {
            writer.Write("data".ToCharArray());
            writer.Write(dataSize ?? (uint)(samples.Length * 2));
            foreach (var s in samples)
            {
                writer.Write(s);
            }
        }

        writer.Flush();
        var bytes = stream.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)(bytes.Length - 8));
        return bytes[..^truncateBy];
    }

    [Fact]
    public void A_1_kHz_sine_at_22050_Hz_resampled_to_16_kHz_keeps_its_frequency_and_amplitude()
    {
        var sample = SpeechSample.FromSamples(Sine(1000, 10_000, 22_050, 2.0), 22_050, "sine");

        var resampled = sample.Resample(16_000);

        Assert.Equal(16_000, resampled.SampleRateHz);
        Assert.Equal(32_000, resampled.Samples.Length);
        Assert.Equal(sample.Duration, resampled.Duration);

        // Away from the edges (where the kernel runs off the input), the output is a 1 kHz sine of the same amplitude.
        var middle = resampled.Samples.Span[4_000..28_000];
        var (amplitude, residual) = Fit(middle, 1000, 16_000);
        Assert.InRange(amplitude, 9_990, 10_010);
        Assert.True(residual < 1, $"residual RMS {residual:F3} beyond a 1 kHz sine of amplitude {amplitude:F1}");

        // …and not of a neighbouring frequency: 1.01 kHz explains it far worse.
        Assert.True(Fit(middle, 1010, 16_000).ResidualRms > 1_000);
    }

    [Fact]
    public void Resampling_to_16_kHz_removes_a_tone_above_its_8_kHz_nyquist_frequency_instead_of_aliasing_it()
    {
        // Picked up unfiltered, a 9.5 kHz tone would fold back to 6.5 kHz at 16 kHz.
        var sample = SpeechSample.FromSamples(Sine(9_500, 10_000, 22_050, 1.0), 22_050, "tone");

        var resampled = sample.Resample(16_000).Samples.Span[2_000..14_000];

        Assert.True(Rms(resampled) < 10_000 / Math.Sqrt(2) / 1000, $"RMS {Rms(resampled):F2}: less than 60 dB of attenuation");
    }

    [Fact]
    public void Upsampling_8_kHz_to_16_kHz_keeps_a_1_kHz_sine()
    {
        var resampled = SpeechSample.FromSamples(Sine(1000, 5_000, 8_000, 1.0), 8_000, "sine").Resample(16_000);

        var (amplitude, residual) = Fit(resampled.Samples.Span[2_000..14_000], 1000, 16_000);

        Assert.Equal(16_000, resampled.Samples.Length);
        Assert.InRange(amplitude, 4_995, 5_005);
        Assert.True(residual < 1, $"residual RMS {residual:F3}");
    }

    [Fact]
    public void Silence_is_added_before_and_after()
    {
        var sample = SpeechSample.FromSamples([1f, 2f, 3f], 16_000, "three");

        var padded = sample.WithSilence(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(0.5));

        Assert.Equal([.. new float[16], 1f, 2f, 3f, .. new float[8]], padded.Samples.ToArray());
    }

    [Fact]
    public async Task A_pcm16_mono_wav_file_is_read_in_int16_scale_at_its_own_rate()
    {
        using var folder = new TempDirectory();
        var path = folder.File("ok.wav");
        await File.WriteAllBytesAsync(path, Wav([0, 1, -1, short.MaxValue, short.MinValue], sampleRateHz: 11_025));

        var sample = await SpeechSample.ReadWavAsync(path);

        Assert.Equal(11_025, sample.SampleRateHz);
        Assert.Equal([0f, 1f, -1f, 32767f, -32768f], sample.Samples.ToArray());
        Assert.Equal(path, sample.Source);
    }

    [Fact]
    public async Task A_stream_written_before_its_length_was_known_is_read_to_the_end_of_the_file()
    {
        // espeak-ng --stdout writes 0x7FFFF000 as the data length.
        using var folder = new TempDirectory();
        var path = folder.File("stream.wav");
        await File.WriteAllBytesAsync(path, Wav([5, 6, 7], dataSize: 0x7FFFF000));

        var sample = await SpeechSample.ReadWavAsync(path);

        Assert.Equal(new[] { 5f, 6f, 7f }, sample.Samples.ToArray());
    }

    public static TheoryData<string, byte[], string> MalformedFiles => new()
    {
        { "empty.wav", [], "not a RIFF/WAVE file" },
        { "rifx.wav", Wav([1, 2], riff: "RIFX"), "not a RIFF/WAVE file" },
        { "12bit.wav", Wav([1, 2], bits: 12, blockAlign: 2), "12-bit PCM samples; 8-, 16-, 24- or 32-bit PCM is read" },
        { "16bitfloat.wav", Wav([1, 2], format: 3, bits: 16, blockAlign: 2), "16-bit float samples; 32- or 64-bit float is read" },
        { "mp3.wav", Wav([1, 2], format: 0x55), "audio format 0x0055 is neither PCM nor IEEE float (compressed audio is not read)" },
        { "nochannels.wav", Wav([1, 2], channels: 0), "0 channels; 1 to 32 are read" },
        { "misaligned.wav", Wav([1, 2], channels: 2, blockAlign: 2), "2-byte sample frames for 2 channels of 16 bits; expected 4" },
        { "stereo-odd.wav", Wav([1, 2, 3], channels: 2, blockAlign: 4), "the 'data' chunk holds 6 bytes, not a whole number of 4-byte sample frames" },
        { "nan.wav", Wav([0, 0, 0, 0x7FC0], format: 3, bits: 32, blockAlign: 4), "sample frame 1 is not a finite number" },
        { "nofmt.wav", Wav([1, 2], withFormat: false), "the 'data' chunk comes before any 'fmt ' chunk" },
        { "nodata.wav", Wav([1, 2], withData: false), "no 'data' chunk" },
        { "truncated.wav", Wav([1, 2, 3, 4], truncateBy: 3), "the 'data' chunk declares 8 bytes but only 5 follow (truncated)" },
        { "odd.wav", Wav([1, 2], dataSize: 3, truncateBy: 1), "the 'data' chunk holds 3 bytes, not a whole number of 2-byte sample frames" },
        { "rate0.wav", Wav([1, 2], sampleRateHz: 0), "sample rate 0 Hz is not valid" },
    };

    [Theory]
    [MemberData(nameof(MalformedFiles))]
    public async Task A_malformed_wav_file_gives_an_error_naming_the_file(string name, byte[] bytes, string problem)
    {
        using var folder = new TempDirectory();
        var path = folder.File(name);
        await File.WriteAllBytesAsync(path, bytes);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => SpeechSample.ReadWavAsync(path));

        Assert.StartsWith($"{path}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_larger_than_the_limit_is_refused_before_it_is_read_naming_it()
    {
        using var folder = new TempDirectory();
        var path = folder.File("long.wav");
        await File.WriteAllBytesAsync(path, Wav(new short[1000], sampleRateHz: 16_000));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => SpeechSample.ReadWavAsync(path, maxBytes: 1000));

        Assert.StartsWith($"{path}: 2056 bytes, more than the 1000 read", error.Message, StringComparison.Ordinal);
    }

    /// <summary>sox writes the same audio in other sample formats; each reads back as the 16-bit original (8-bit to its 256 steps).</summary>
    [Theory]
    [InlineData(new[] { "-b", "24" }, 0.0)]
    [InlineData(new[] { "-b", "32" }, 0.0)]
    [InlineData(new[] { "-e", "floating-point", "-b", "32" }, 0.0)]
    [InlineData(new[] { "-e", "floating-point", "-b", "64" }, 0.0)]
    [InlineData(new[] { "-e", "unsigned-integer", "-b", "8" }, 255.0)] // under one 8-bit step (256): sox truncates
    [InlineData(new[] { "-c", "2" }, 0.0)]
    [InlineData(new[] { "-c", "3", "-b", "24" }, 0.0)]
    public async Task Other_bit_depths_encodings_and_channel_counts_written_by_sox_read_as_the_original(string[] format, double tolerance)
    {
        using var folder = new TempDirectory();
        var random = new Random(7);
        short[] original = [.. Enumerable.Range(0, 4000).Select(_ => (short)random.Next(-20_000, 20_000)), short.MinValue, short.MaxValue];
        var input = folder.File("in.wav");
        var output = folder.File("out.wav");
        await File.WriteAllBytesAsync(input, Wav(original, sampleRateHz: 16_000));

        // Output format options go before the output file; "remix" copies the one channel to every output channel; -D: no dither.
        var channels = format.Contains("-c") ? format[Array.IndexOf(format, "-c") + 1] : "1";
        await WakeWordTestSet.SoxAsync(["-D", input, .. format, output, "remix", .. Enumerable.Repeat("1", int.Parse(channels, System.Globalization.CultureInfo.InvariantCulture))]);
        var read = await SpeechSample.ReadWavAsync(output);

        Assert.Equal(16_000, read.SampleRateHz);
        Assert.Equal(original.Length, read.Samples.Length);
        var worst = original.Zip(read.Samples.ToArray()).Max(p => Math.Abs(p.First - p.Second));
        Assert.True(worst <= tolerance, $"largest difference {worst}");
    }

    [Fact]
    public async Task Espeak_ng_speaks_a_phrase_at_16_kHz_between_the_silences_asked_for()
    {
        var options = new SpeechSampleOptions { LeadingSilence = TimeSpan.FromSeconds(1), TrailingSilence = TimeSpan.FromSeconds(0.5) };

        var sample = await SpeechSample.SynthesizeAsync("hey jarvis", options);

        Assert.Equal(16_000, sample.SampleRateHz);
        Assert.Contains("espeak-ng -v en-us -s 140", sample.Source, StringComparison.Ordinal);
        var samples = sample.Samples.ToArray();
        Assert.True(samples.AsSpan(0, 16_000).IndexOfAnyExcept(0f) < 0, "the first second is silent");
        Assert.True(samples.AsSpan(samples.Length - 8_000).IndexOfAnyExcept(0f) < 0, "the last half second is silent");
        var speech = samples[16_000..^8_000];
        Assert.InRange(speech.Length / 16_000.0, 0.5, 2.0);
        Assert.InRange(Rms(speech), 500, 20_000); // int16 scale, not ±1
    }

    [Fact]
    public async Task A_missing_espeak_ng_is_named_with_the_script_that_installs_it()
    {
        var options = new SpeechSampleOptions { Command = "/nonexistent/espeak-ng" };

        var error = await Assert.ThrowsAsync<FileNotFoundException>(() => SpeechSample.SynthesizeAsync("hey jarvis", options));

        Assert.Contains("'/nonexistent/espeak-ng' could not be run", error.Message, StringComparison.Ordinal);
        Assert.Contains("./eng/bootstrap.sh", error.Message, StringComparison.Ordinal);
        Assert.Equal("/nonexistent/espeak-ng", error.FileName);
    }

    [Fact]
    public async Task An_unknown_voice_fails_with_what_espeak_ng_said()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SpeechSample.SynthesizeAsync("hey jarvis", new SpeechSampleOptions { Voice = "nosuchvoice" }));

        Assert.Contains("voice does not exist", error.Message, StringComparison.Ordinal);
    }
}
