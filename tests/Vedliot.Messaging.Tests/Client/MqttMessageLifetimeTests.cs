using Microsoft.Extensions.Time.Testing;
using Vedliot.Messaging.Client;

namespace Vedliot.Messaging.Tests.Client;

public sealed class MqttMessageLifetimeTests
{
    private readonly FakeTimeProvider _time = new();

    [Theory]
    [InlineData(0.0, 60u)]
    [InlineData(0.25, 60u)]
    [InlineData(1.0, 59u)]
    [InlineData(59.0, 1u)]
    [InlineData(59.999, 1u)]
    public void The_remaining_interval_is_what_is_left_rounded_up_to_whole_seconds(double elapsedSeconds, uint expected)
    {
        var lifetime = MqttMessageLifetime.Start(60, _time);
        _time.Advance(TimeSpan.FromSeconds(elapsedSeconds));
        Assert.True(lifetime.TryGetRemaining(_time, out var remaining));
        Assert.Equal(expected, remaining);
    }

    [Theory]
    [InlineData(60.0)]
    [InlineData(61.0)]
    [InlineData(3600.0)]
    public void A_lifetime_is_spent_once_the_whole_interval_has_elapsed(double elapsedSeconds)
    {
        var lifetime = MqttMessageLifetime.Start(60, _time);
        _time.Advance(TimeSpan.FromSeconds(elapsedSeconds));
        Assert.False(lifetime.TryGetRemaining(_time, out _));
    }

    [Fact]
    public void A_message_without_an_interval_never_expires()
    {
        var lifetime = MqttMessageLifetime.Start(null, _time);
        _time.Advance(TimeSpan.FromDays(400));
        Assert.True(lifetime.TryGetRemaining(_time, out var remaining));
        Assert.Null(remaining);
    }

    [Fact]
    public void The_largest_interval_is_handled_without_overflow()
    {
        var lifetime = MqttMessageLifetime.Start(uint.MaxValue, _time);
        Assert.True(lifetime.TryGetRemaining(_time, out var remaining));
        Assert.Equal(uint.MaxValue, remaining);
    }
}
