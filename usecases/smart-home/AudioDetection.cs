using System.Text.Json.Serialization;

namespace Vedliot.UseCases.SmartHome;

/// <summary>What the app heard in one piece of audio: its highest score and when it came, and the detections.</summary>
/// <param name="Source">The audio: a file's path, or what was said.</param>
/// <param name="DurationSeconds">The audio's length.</param>
/// <param name="Scores">How many scores it got (none under 1.95 s: a score needs that much audio).</param>
/// <param name="HighestScore">The highest score, or null without any.</param>
/// <param name="HighestAtSeconds">Where the 2 s of audio the highest score covers end, or null.</param>
/// <param name="Threshold">The threshold the detections reached.</param>
/// <param name="Detections">The detections (<see cref="WakeWordDetector"/>), in audio order.</param>
public sealed record AudioDetection(
    [property: JsonPropertyName("file")] string Source,
    double DurationSeconds,
    int Scores,
    float? HighestScore,
    double? HighestAtSeconds,
    float Threshold,
    IReadOnlyList<DetectionAt> Detections)
{
    /// <summary>Whether the wake word was heard at least once.</summary>
    public bool Heard => Detections.Count > 0;

    /// <summary>Runs <paramref name="audio"/> through <paramref name="app"/> and the detection rule.</summary>
    /// <param name="app">The started app.</param>
    /// <param name="audio">16 kHz audio.</param>
    /// <param name="detector">A fresh detection rule for this audio.</param>
    /// <param name="onScore">Awaited with each score as it comes and the detection it makes, if any; or null.</param>
    /// <param name="cancellationToken">Stops detection.</param>
    /// <returns>What was heard.</returns>
    /// <exception cref="WakeWordPipelineException">A pipeline failed (see <see cref="SmartHomeApp.DetectAsync(ReadOnlyMemory{float}, CancellationToken)"/>).</exception>
    /// <exception cref="TimeoutException">A request went unanswered.</exception>
    public static Task<AudioDetection> RunAsync(SmartHomeApp app, SpeechSample audio, WakeWordDetector detector, Func<WakeWordScore, WakeWordDetection?, CancellationToken, Task>? onScore = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audio);
        if (audio.SampleRateHz != WakeWordFeatures.SampleRateHz)
        {
            throw new ArgumentException($"{audio.Source}: {audio.SampleRateHz} Hz; resample it to {WakeWordFeatures.SampleRateHz} Hz first.", nameof(audio));
        }

        return RunAsync(app, audio.Source, AudioChunks.Once(audio.Samples), detector, onScore, cancellationToken);
    }

    /// <summary>Runs a stream of 16 kHz audio (a microphone) through <paramref name="app"/> and the detection rule until it ends.</summary>
    /// <param name="app">The started app.</param>
    /// <param name="source">What the audio is, for the report.</param>
    /// <param name="audio">Buffers of 16 kHz samples in int16 scale.</param>
    /// <param name="detector">A fresh detection rule for this audio.</param>
    /// <param name="onScore">Awaited with each score as it comes and the detection it makes, if any; or null.</param>
    /// <param name="cancellationToken">Stops detection.</param>
    /// <returns>What was heard.</returns>
    /// <exception cref="WakeWordPipelineException">A pipeline failed.</exception>
    /// <exception cref="TimeoutException">A request went unanswered.</exception>
    public static async Task<AudioDetection> RunAsync(SmartHomeApp app, string source, IAsyncEnumerable<ReadOnlyMemory<float>> audio, WakeWordDetector detector, Func<WakeWordScore, WakeWordDetection?, CancellationToken, Task>? onScore = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(audio);
        ArgumentNullException.ThrowIfNull(detector);
        long samples = 0;
        async IAsyncEnumerable<ReadOnlyMemory<float>> Counted()
        {
            await foreach (var buffer in audio.ConfigureAwait(false))
            {
                samples += buffer.Length;
                yield return buffer;
            }
        }

        var scores = 0;
        WakeWordScore? highest = null;
        var detections = new List<DetectionAt>();
        await foreach (var score in app.DetectAsync(Counted(), cancellationToken).ConfigureAwait(false))
        {
            scores++;
            if (highest is null || score.Score > highest.Score)
            {
                highest = score;
            }

            var detection = detector.Add(score);
            if (detection is not null)
            {
                detections.Add(new DetectionAt(detection.AudioEnd.TotalSeconds, detection.Score));
            }

            if (onScore is not null)
            {
                await onScore(score, detection, cancellationToken).ConfigureAwait(false);
            }
        }

        return new AudioDetection(source, WakeWordFeatures.SamplesToTime(samples).TotalSeconds, scores, highest?.Score, highest?.AudioEnd.TotalSeconds, detector.Threshold, detections);
    }
}

/// <summary>One detection in an <see cref="AudioDetection"/>.</summary>
/// <param name="AtSeconds">Where the 2 s of audio the detecting score covers end.</param>
/// <param name="Score">The score.</param>
public sealed record DetectionAt(double AtSeconds, float Score);
