using System.ComponentModel;
using System.Diagnostics;
using Vedliot.Signals;

namespace Vedliot.UseCases.SmartHome;

/// <summary>
/// A mono audio sample in int16 scale (−32768 … 32767, the scale the melspectrogram model expects):
/// a phrase spoken by espeak-ng, a WAV file, or samples made in code, with the means to bring it to
/// the models' 16 kHz and pad it with silence. Immutable.
/// </summary>
public sealed class SpeechSample
{
    /// <summary>The command that makes espeak-ng available.</summary>
    public const string BootstrapScript = "./eng/bootstrap.sh";

    /// <summary>The largest WAV file <see cref="ReadWavAsync"/> reads unless told otherwise: 256 MiB.</summary>
    public const long DefaultMaxWavBytes = 256L << 20;

    private readonly float[] _samples;

    private SpeechSample(float[] samples, int sampleRateHz, string source)
    {
        _samples = samples;
        SampleRateHz = sampleRateHz;
        Source = source;
    }

    /// <summary>The samples, in int16 scale.</summary>
    public ReadOnlyMemory<float> Samples => _samples;

    /// <summary>Sample rate, in hertz.</summary>
    public int SampleRateHz { get; }

    /// <summary>Where the samples came from (a file path, or the phrase and voice), for messages.</summary>
    public string Source { get; }

    /// <summary>Length in time.</summary>
    public TimeSpan Duration => TimeSpan.FromTicks(_samples.LongLength * TimeSpan.TicksPerSecond / SampleRateHz);

    /// <summary>Wraps samples made in code (copied).</summary>
    /// <param name="samples">Samples in int16 scale.</param>
    /// <param name="sampleRateHz">Their rate, in hertz.</param>
    /// <param name="source">What they are, for messages.</param>
    /// <returns>The sample.</returns>
    public static SpeechSample FromSamples(ReadOnlySpan<float> samples, int sampleRateHz, string source)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRateHz);
        ArgumentException.ThrowIfNullOrEmpty(source);
        return new SpeechSample(samples.ToArray(), sampleRateHz, source);
    }

    /// <summary>
    /// Reads a RIFF/WAVE file of PCM (8-, 16-, 24- or 32-bit) or IEEE float (32- or 64-bit) audio with any number of
    /// channels, averaged to mono, at the file's own rate (bring it to the models' rate with <see cref="Resample"/>).
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="maxBytes">The largest file read, 44 bytes – 2 GiB; default <see cref="DefaultMaxWavBytes"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The sample.</returns>
    /// <exception cref="InvalidDataException">The file is larger than <paramref name="maxBytes"/>, is not RIFF/WAVE of those formats, or is truncated; the message names the file.</exception>
    /// <exception cref="IOException">The file cannot be read (missing, a folder, no permission).</exception>
    public static async Task<SpeechSample> ReadWavAsync(string path, long maxBytes = DefaultMaxWavBytes, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 44);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxBytes, Array.MaxLength);
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        if (file.Length > maxBytes)
        {
            throw new InvalidDataException($"{path}: {file.Length} bytes, more than the {maxBytes} read (a recording of about {maxBytes / (16_000 * 2 * 60)} min at 16 kHz, 16-bit mono).");
        }

        var bytes = new byte[file.Length];
        await file.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
        var audio = WaveFile.Decode(bytes, path);

        // openWakeWord's models take int16 scale.
        return new SpeechSample([.. audio.Mono().Select(v => v * 32768f)], audio.SampleRateHz, path);
    }

    /// <summary>
    /// Speaks <paramref name="text"/> with espeak-ng and returns it at 16 kHz, padded with the
    /// options' silence.
    /// </summary>
    /// <param name="text">The phrase, e.g. "hey jarvis".</param>
    /// <param name="options">Voice, rate and padding. Default: <see cref="SpeechSampleOptions"/>'s defaults.</param>
    /// <param name="cancellationToken">Cancels synthesis (the espeak-ng process is killed).</param>
    /// <returns>The sample at <see cref="WakeWordFeatures.SampleRateHz"/>.</returns>
    /// <exception cref="FileNotFoundException">espeak-ng is not installed; the message names the command and <see cref="BootstrapScript"/>.</exception>
    /// <exception cref="InvalidOperationException">espeak-ng failed; the message holds what it wrote to stderr.</exception>
    public static async Task<SpeechSample> SynthesizeAsync(string text, SpeechSampleOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        options ??= new SpeechSampleOptions();
        options.Validate();

        var folder = Directory.CreateTempSubdirectory("vedliot-speech-");
        try
        {
            var wav = Path.Combine(folder.FullName, "speech.wav");
            await RunEspeakAsync(options, text, wav, cancellationToken).ConfigureAwait(false);
            var spoken = await ReadWavAsync(wav, cancellationToken: cancellationToken).ConfigureAwait(false);
            var described = new SpeechSample(spoken._samples, spoken.SampleRateHz, $"espeak-ng -v {options.Voice} -s {options.WordsPerMinute} -p {options.Pitch} \"{text}\"");
            return described.Resample(WakeWordFeatures.SampleRateHz).WithSilence(options.LeadingSilence, options.TrailingSilence);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Converts to another rate with a band-limited (Kaiser-windowed sinc) resampler.</summary>
    /// <param name="sampleRateHz">The new rate, in hertz.</param>
    /// <returns>This sample when the rate is already right, otherwise a new one of ⌊length × new / old⌋ samples.</returns>
    public SpeechSample Resample(int sampleRateHz)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRateHz);
        return sampleRateHz == SampleRateHz ? this
            : new SpeechSample(SincResampler.Resample(_samples, SampleRateHz, sampleRateHz), sampleRateHz, Source);
    }

    /// <summary>Adds digital silence (zeros) before and after the samples.</summary>
    /// <param name="before">Silence before, rounded to whole samples.</param>
    /// <param name="after">Silence after, rounded to whole samples.</param>
    /// <returns>A new, longer sample.</returns>
    public SpeechSample WithSilence(TimeSpan before, TimeSpan after)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(before, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(after, TimeSpan.Zero);
        var lead = (int)Math.Round(before.TotalSeconds * SampleRateHz);
        var tail = (int)Math.Round(after.TotalSeconds * SampleRateHz);
        var padded = new float[lead + _samples.Length + tail];
        _samples.CopyTo(padded, lead);
        return new SpeechSample(padded, SampleRateHz, Source);
    }

    private static async Task RunEspeakAsync(SpeechSampleOptions options, string text, string wavPath, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(options.Command)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-v", options.Voice, "-s", $"{options.WordsPerMinute}", "-p", $"{options.Pitch}", "-w", wavPath, "--", text })
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"'{options.Command}' did not start.");
        }
        catch (Win32Exception e)
        {
            throw new FileNotFoundException($"'{options.Command}' could not be run ({e.Message}); install espeak-ng with {BootstrapScript}.", options.Command, e);
        }

        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            try
            {
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            var said = $"{await stderr.ConfigureAwait(false)} {await stdout.ConfigureAwait(false)}".Trim();
            if (process.ExitCode != 0 || !File.Exists(wavPath))
            {
                throw new InvalidOperationException($"'{options.Command}' exited with code {process.ExitCode} without writing {wavPath}: {(said.Length > 0 ? said : "it said nothing")}");
            }
        }
    }
}
