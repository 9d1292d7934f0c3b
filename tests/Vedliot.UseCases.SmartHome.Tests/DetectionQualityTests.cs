using Xunit.Abstractions;

namespace Vedliot.UseCases.SmartHome.Tests;

/// <summary>
/// Detection rate and false alarms of the rule (<see cref="WakeWordDetector"/>) over the real models, on the held-out
/// half of the test set (<see cref="WakeWordTestSet"/>) at its middle pitch: voices, speeds and pitch the rule was not
/// chosen on. The figures of both whole halves are in the use case's README.
/// </summary>
public sealed class DetectionQualityTests(WakeWordModels models, ITestOutputHelper output) : IClassFixture<WakeWordModels>
{
    private static readonly TestSetHalf Checked = WakeWordTestSet.HeldOut with { Pitches = [WakeWordTestSet.HeldOut.Pitches[1]] };

    [Fact]
    public async Task On_voices_speeds_and_a_pitch_it_was_not_tuned_on_the_rule_raises_no_false_alarm_and_hears_most_wake_words()
    {
        var clips = await WakeWordTestSet.ClipsAsync(Checked);
        var heard = new List<(TestClip Clip, int Detections)>();
        foreach (var clip in clips)
        {
            var detector = new WakeWordDetector();
            var detections = models.Scores(clip.Samples).Count(s => detector.Add(new WakeWordScore(0, s.AudioEnd, s.Score)) is not null);
            heard.Add((clip, detections));
        }

        var positives = heard.Where(h => h.Clip.SaysWakeWord).ToList();
        var negatives = heard.Where(h => !h.Clip.SaysWakeWord).ToList();
        var detected = positives.Count(p => p.Detections > 0);
        var falseAlarms = negatives.Sum(n => n.Detections);
        output.WriteLine($"held-out, pitch {Checked.Pitches[0]}: detected {detected}/{positives.Count} ({100.0 * detected / positives.Count:F1} %), {falseAlarms} false alarms in {negatives.Count} negative clips");
        foreach (var condition in Enum.GetValues<ClipCondition>())
        {
            var some = positives.Where(p => p.Clip.Name.EndsWith(condition.ToString(), StringComparison.Ordinal)).ToList();
            output.WriteLine($"  {condition}: {some.Count(p => p.Detections > 0)}/{some.Count}");
        }

        foreach (var missed in positives.Where(p => p.Detections == 0))
        {
            output.WriteLine($"  missed: {missed.Clip.Name}");
        }

        Assert.Equal(0, falseAlarms);
        Assert.All(positives, p => Assert.True(p.Detections <= 1, $"{p.Clip.Name}: one utterance counted {p.Detections} times"));
        Assert.True(detected >= MinimumDetected * positives.Count, $"detected {detected} of {positives.Count}");
    }

    /// <summary>The share of held-out positives heard (measured: 43 of 72; the goal of 0.95 is not reached, see the README).</summary>
    private const double MinimumDetected = 0.5;
}
