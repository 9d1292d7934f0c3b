using System.Diagnostics;
using Vedliot.Testing;

namespace Vedliot.UseCases.SmartHome.Tests;

/// <summary>One clip of the detection test set: 16 kHz mono audio in int16 scale, and whether "hey jarvis" is said in it.</summary>
public sealed record TestClip(string Name, float[] Samples, bool SaysWakeWord);

/// <summary>How a clip is heard: as espeak-ng wrote it, or through a room.</summary>
public enum ClipCondition
{
    /// <summary>Digital silence around the speech.</summary>
    Clean,

    /// <summary>White noise over the whole clip, 10 dB below the speech (fixed seed).</summary>
    WhiteNoise10dB,

    /// <summary>sox's reverb (reverberance 70 %, a mid-sized room), then white noise 20 dB below the speech.</summary>
    ReverbAndNoise20dB,
}

/// <summary>
/// The detection test set, made here: "hey jarvis" (alone and in a sentence) and negatives (near misses such as "hey
/// travis", "harvest", "jasmine", and everyday phrases) spoken by espeak-ng with several voices, speeds and pitches,
/// clean, in white noise, and through sox's reverb. Two disjoint halves: <see cref="Tuning"/> chose the detection
/// rule; <see cref="HeldOut"/> (other voices, speeds and pitches) only checks it.
/// </summary>
public static class WakeWordTestSet
{
    /// <summary>Negatives: near misses first, then phrases a room hears.</summary>
    public static IReadOnlyList<string> Negatives { get; } =
    [
        "hey travis", "harvest", "jasmine", "jarvis", "hey marcus", "service", "hey siri",
        "good morning", "turn on the lights", "what is the weather like today", "hey, are you there",
    ];

    /// <summary>Positives: the wake word alone and leading a command.</summary>
    public static IReadOnlyList<string> Positives { get; } = ["hey jarvis", "hey jarvis, turn on the lights"];

    /// <summary>The half the rule was chosen on.</summary>
    public static TestSetHalf Tuning { get; } = new("tuning", ["en-us", "en-gb", "en-us+m3", "en-us+f2"], [120, 150, 180], [30, 50, 75]);

    /// <summary>The half kept for checking: other voices, speeds and pitches.</summary>
    public static TestSetHalf HeldOut { get; } = new("held-out", ["en-gb-scotland", "en-029", "en-us-nyc+f4", "en-gb-x-rp+m7"], [135, 165, 200], [40, 60, 85]);

    /// <summary>Every clip of <paramref name="half"/>: positives in every voice, speed, pitch and condition; negatives in every voice and condition at the middle speed and pitch.</summary>
    public static async Task<IReadOnlyList<TestClip>> ClipsAsync(TestSetHalf half)
    {
        using var folder = new TempDirectory();
        var clips = new List<TestClip>();
        var seed = 1;
        foreach (var voice in half.Voices)
        {
            foreach (var (phrase, rate, pitch) in half.Settings(Positives, Negatives))
            {
                var options = new SpeechSampleOptions { Voice = voice, WordsPerMinute = rate, Pitch = pitch };
                var clean = await SpeechSample.SynthesizeAsync(phrase, options);
                foreach (var condition in Enum.GetValues<ClipCondition>())
                {
                    var samples = await HeardAsync(clean.Samples.ToArray(), condition, folder, seed++);
                    clips.Add(new TestClip($"{half.Name}: '{phrase}' {voice} {rate} wpm pitch {pitch} {condition}", samples, Positives.Contains(phrase)));
                }
            }
        }

        return clips;
    }

    private static async Task<float[]> HeardAsync(float[] clean, ClipCondition condition, TempDirectory folder, int seed) => condition switch
    {
        ClipCondition.Clean => clean,
        ClipCondition.WhiteNoise10dB => WithNoise(clean, clean, 10, seed),
        _ => WithNoise(await ReverbAsync(clean, folder), clean, 20, seed),
    };

    /// <summary>Gaussian white noise at <paramref name="snrDb"/> below the RMS of the speech (the non-zero part of <paramref name="speech"/>).</summary>
    private static float[] WithNoise(float[] samples, float[] speech, double snrDb, int seed)
    {
        var spoken = speech.Where(s => s != 0).ToArray();
        var speechRms = Math.Sqrt(spoken.Average(s => (double)s * s));
        var noiseRms = speechRms / Math.Pow(10, snrDb / 20);
        var random = new Random(seed);
        var noisy = new float[samples.Length];
        for (var i = 0; i < noisy.Length; i++)
        {
            // Box–Muller: a standard normal from two uniforms.
            var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            noisy[i] = (float)Math.Clamp(samples[i] + (gaussian * noiseRms), short.MinValue, short.MaxValue);
        }

        return noisy;
    }

    /// <summary>The clip through sox's reverb, at its length (the reverb's tail is cut off).</summary>
    private static async Task<float[]> ReverbAsync(float[] clean, TempDirectory folder)
    {
        var input = folder.File("dry.wav");
        var output = folder.File("wet.wav");
        await File.WriteAllBytesAsync(input, SpeechSampleTests.Wav([.. clean.Select(s => (short)Math.Clamp(s, short.MinValue, short.MaxValue))], sampleRateHz: 16_000));
        await SoxAsync([input, output, "reverb", "70", "50", "60"]);
        var wet = (await SpeechSample.ReadWavAsync(output)).Samples.ToArray();
        return wet[..clean.Length];
    }

    /// <summary>Runs sox (installed by <c>./eng/bootstrap.sh --tests</c>) with <paramref name="arguments"/>: files, formats and effects.</summary>
    public static async Task SoxAsync(IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo("sox") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var sox = Process.Start(start) ?? throw new InvalidOperationException("sox did not start; install it with ./eng/bootstrap.sh --tests");
        var stderr = sox.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await sox.WaitForExitAsync(timeout.Token);
        Assert.True(sox.ExitCode == 0, $"sox {string.Join(' ', start.ArgumentList)} failed: {await stderr}");
    }
}

/// <summary>One half of the test set: its voices, speeds (words per minute) and pitches.</summary>
public sealed record TestSetHalf(string Name, IReadOnlyList<string> Voices, IReadOnlyList<int> Rates, IReadOnlyList<int> Pitches)
{
    /// <summary>Positives at every speed and pitch; negatives at the middle ones.</summary>
    public IEnumerable<(string Phrase, int Rate, int Pitch)> Settings(IReadOnlyList<string> positives, IReadOnlyList<string> negatives)
    {
        foreach (var phrase in positives)
        {
            foreach (var rate in Rates)
            {
                foreach (var pitch in Pitches)
                {
                    yield return (phrase, rate, pitch);
                }
            }
        }

        foreach (var phrase in negatives)
        {
            yield return (phrase, Rates[Rates.Count / 2], Pitches[Pitches.Count / 2]);
        }
    }
}
