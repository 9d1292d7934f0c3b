namespace Vedliot.UseCases.SmartHome;

/// <summary>
/// The detection rule over a stream of scores: a detection where a score reaches <see cref="Threshold"/>, then none
/// for <see cref="RefractoryPeriod"/> of audio. One utterance lifts several consecutive scores (each covers 2 s of
/// audio and they come every 80 ms), so without the pause it would count several times. Not thread-safe; feed the
/// scores of one stream in order.
/// </summary>
/// <remarks>
/// Scores are taken as the model gives them: averaging the last two or three scores (a smoothing openWakeWord-style
/// apps use) lowered the detection rate on this use case's test set without removing a false alarm that the threshold
/// did not already remove (see the README's figures).
/// </remarks>
public sealed class WakeWordDetector
{
    /// <summary>openWakeWord's own threshold, which gave no false alarm on the test set.</summary>
    public const float DefaultThreshold = 0.5f;

    /// <summary>The audio one score covers: an utterance lifts the scores of about this long.</summary>
    public static readonly TimeSpan DefaultRefractoryPeriod = TimeSpan.FromSeconds(2);

    private TimeSpan? _last;

    /// <summary>Creates the rule.</summary>
    /// <param name="threshold">The score that counts as heard: above 0, at most 1.</param>
    /// <param name="refractoryPeriod">Audio after a detection in which no other counts: 0 – 60 s; default <see cref="DefaultRefractoryPeriod"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public WakeWordDetector(float threshold = DefaultThreshold, TimeSpan? refractoryPeriod = null)
    {
        if (!(threshold is > 0f and <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "A wake-word threshold lies above 0 and at most 1.");
        }

        var pause = refractoryPeriod ?? DefaultRefractoryPeriod;
        if (pause < TimeSpan.Zero || pause > TimeSpan.FromSeconds(60))
        {
            throw new ArgumentOutOfRangeException(nameof(refractoryPeriod), pause, "A refractory period lies between 0 and 60 s.");
        }

        Threshold = threshold;
        RefractoryPeriod = pause;
    }

    /// <summary>The score that counts as heard.</summary>
    public float Threshold { get; }

    /// <summary>Audio after a detection in which no other counts.</summary>
    public TimeSpan RefractoryPeriod { get; }

    /// <summary>Takes the next score of the stream.</summary>
    /// <param name="score">A score later in the audio than the ones before.</param>
    /// <returns>A detection, or null.</returns>
    /// <exception cref="ArgumentException">The score comes before the last detection.</exception>
    public WakeWordDetection? Add(WakeWordScore score)
    {
        ArgumentNullException.ThrowIfNull(score);
        if (_last is { } last && score.AudioEnd < last)
        {
            throw new ArgumentException($"Score {score.RequestId} at {score.AudioEnd} comes before the detection at {last}; feed one stream's scores in order.", nameof(score));
        }

        if (score.Score < Threshold || (_last is { } previous && score.AudioEnd - previous < RefractoryPeriod))
        {
            return null;
        }

        _last = score.AudioEnd;
        return new WakeWordDetection(score.AudioEnd, score.Score);
    }
}
