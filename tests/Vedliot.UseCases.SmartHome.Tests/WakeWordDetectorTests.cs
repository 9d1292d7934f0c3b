namespace Vedliot.UseCases.SmartHome.Tests;

public sealed class WakeWordDetectorTests
{
    private static WakeWordScore At(double seconds, float score) => new(1, TimeSpan.FromSeconds(seconds), score);

    [Fact]
    public void One_utterance_lifting_consecutive_scores_counts_once_and_a_second_after_the_pause_counts_again()
    {
        var detector = new WakeWordDetector();
        float[] scores = [0.1f, 0.6f, 0.9f, 0.7f, 0.2f, 0.55f];
        double[] times = [2.0, 2.08, 2.16, 2.24, 3.9, 4.1];

        var detections = times.Zip(scores).Select(p => detector.Add(At(p.First, p.Second))).OfType<WakeWordDetection>().ToList();

        // 0.6 at 2.08 s is the first crossing; 0.9 and 0.7 fall in its 2 s pause, 0.55 at 4.1 s does not.
        Assert.Equal([new WakeWordDetection(TimeSpan.FromSeconds(2.08), 0.6f), new WakeWordDetection(TimeSpan.FromSeconds(4.1), 0.55f)], detections);
    }

    [Fact]
    public void A_score_just_below_the_threshold_is_not_a_detection_and_one_at_it_is()
    {
        var detector = new WakeWordDetector(0.5f, TimeSpan.Zero);

        Assert.Null(detector.Add(At(2, 0.4999f)));
        Assert.NotNull(detector.Add(At(2.08, 0.5f)));
        Assert.NotNull(detector.Add(At(2.16, 0.5f)));
    }

    [Theory]
    [InlineData(0f, 2.0)]
    [InlineData(1.01f, 2.0)]
    [InlineData(float.NaN, 2.0)]
    [InlineData(0.5f, -1.0)]
    [InlineData(0.5f, 61.0)]
    public void Thresholds_and_pauses_out_of_range_are_refused(float threshold, double pauseSeconds) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new WakeWordDetector(threshold, TimeSpan.FromSeconds(pauseSeconds)));

    [Fact]
    public void A_score_earlier_than_the_last_detection_is_refused()
    {
        var detector = new WakeWordDetector();
        detector.Add(At(3, 0.9f));

        Assert.Contains("comes before the detection", Assert.Throws<ArgumentException>(() => detector.Add(At(2, 0.1f))).Message, StringComparison.Ordinal);
    }
}
