using System.Text;
using Vedliot.UseCases.Automotive.Vss;

namespace Vedliot.UseCases.Automotive.Tests;

/// <summary>The VSS mapping: topics from paths, the datapoint format, which readings are limits, and the over-speed state.</summary>
public sealed class VssTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 4, 19, 0, 0, 250, TimeSpan.Zero);

    [Fact]
    public void A_signal_path_becomes_topic_levels_under_the_root()
    {
        Assert.Equal("automotive/vss/Vehicle/Speed", new VssTopics(VssTopics.DefaultRoot).Topic(VssSignals.Speed));
        Assert.Equal("automotive/vss/Vehicle/ADAS/TrafficSignRecognition/SpeedLimit", new VssTopics(VssTopics.DefaultRoot).Topic(VssSignals.SpeedLimit));
        Assert.Throws<ArgumentException>(() => new VssTopics("r").Topic("Vehicle..Speed"));
        Assert.Throws<ArgumentException>(() => new VssTopics("r").Topic("Vehicle.#"));
    }

    [Fact]
    public void A_datapoint_is_path_value_and_UTC_timestamp_in_JSON()
    {
        Assert.Equal("""{"path":"Vehicle.Speed","value":57.5,"ts":"2026-12-04T19:00:00.250Z"}""", Encoding.UTF8.GetString(VssDatapoint.Of(VssSignals.Speed, 57.5, At).ToJson()));
        Assert.Equal("""{"path":"Vehicle.ADAS.TrafficSignRecognition.Box","value":[1,2,3,4],"ts":"2026-12-04T19:00:00.250Z"}""", Encoding.UTF8.GetString(VssDatapoint.Of(VssSignals.Box, [1, 2, 3, 4], At).ToJson()));

        var parsed = VssDatapoint.Parse("t", VssDatapoint.Of(VssSignals.IsWarning, true, At).ToJson());
        Assert.Equal((VssSignals.IsWarning, true, At), (parsed.Path, parsed.Value.GetBoolean(), parsed.Timestamp));
    }

    [Theory]
    [InlineData("""{"value":1,"ts":"2026-12-04T19:00:00Z"}""", "t: field 'path' (a string) is missing")]
    [InlineData("""{"path":"Vehicle.Speed","ts":"2026-12-04T19:00:00Z"}""", "t: field 'value' is missing")]
    [InlineData("""{"path":"Vehicle.Speed","value":1,"ts":"yesterday"}""", "t: field 'ts' (an ISO 8601 time) is missing or unreadable")]
    [InlineData("""[1]""", "t: a datapoint is a JSON object, not Array")]
    public void A_bad_datapoint_is_refused_naming_the_topic_and_field(string json, string message) =>
        Assert.Equal(message, Assert.Throws<FormatException>(() => VssDatapoint.Parse("t", Encoding.UTF8.GetBytes(json))).Message);

    [Fact]
    public void An_oversized_datapoint_is_refused_unparsed() =>
        Assert.Contains("over the limit of 16384", Assert.Throws<FormatException>(() => VssDatapoint.Parse("t", new byte[20_000])).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("50", 50)]
    [InlineData(" 120 ", 120)]
    [InlineData("5", 5)]
    [InlineData("150", 150)]
    public void Two_or_three_digits_that_are_a_multiple_of_five_are_a_speed_limit(string text, int kmh)
    {
        Assert.True(SpeedLimitSign.TryRead(text, out var limit));
        Assert.Equal(kmh, limit);
    }

    [Theory]
    [InlineData("1234")]
    [InlineData("B-MW 1234")]
    [InlineData("52")]
    [InlineData("050")]
    [InlineData("160")]
    [InlineData("")]
    public void Other_texts_are_not_speed_limits(string text) => Assert.False(SpeedLimitSign.TryRead(text, out _));

    [Fact]
    public void Over_speed_is_known_once_limit_and_speed_are_and_is_reported_only_on_changes()
    {
        var monitor = new OverSpeedMonitor();

        Assert.Null(monitor.OnSpeed(70));
        Assert.Equal(OverSpeedState.OverSpeed, monitor.OnLimit(50));
        Assert.Null(monitor.OnSpeed(60));
        Assert.Equal(OverSpeedState.WithinLimit, monitor.OnSpeed(50));
        Assert.Equal(OverSpeedState.OverSpeed, monitor.OnSpeed(-55));
        Assert.Equal(OverSpeedState.WithinLimit, monitor.OnLimit(100));
    }
}
