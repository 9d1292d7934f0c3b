using Vedliot.Messaging.Packets;

namespace Vedliot.Messaging.Tests.Packets;

public sealed class MqttTopicTests
{
    [Theory]
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1", true)]
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1/ranking", true)]
    [InlineData("sport/#", "sport", true)]
    [InlineData("#", "a/b/c", true)]
    [InlineData("sport/tennis/+", "sport/tennis/player1", true)]
    [InlineData("sport/tennis/+", "sport/tennis/player1/ranking", false)]
    [InlineData("sport/+", "sport/", true)]
    [InlineData("+/+", "/finance", true)]
    [InlineData("+", "/finance", false)]
    [InlineData("#", "$SYS/broker", false)]
    [InlineData("+/monitor", "$SYS/monitor", false)]
    [InlineData("$SYS/#", "$SYS/broker", true)]
    [InlineData("$share/group/a/+", "a/b", true)]
    [InlineData("a/b", "a/c", false)]
    public void Filters_match_as_in_the_specification_examples(string filter, string topic, bool matches)
    {
        Assert.Equal(matches, MqttTopic.Matches(filter, topic));
    }

    [Theory]
    [InlineData("a/#/b")]
    [InlineData("a#")]
    [InlineData("a/b+")]
    [InlineData("")]
    [InlineData("$share/")]
    [InlineData("$share/g")]
    [InlineData("$share/g/")]
    [InlineData("$share/g+/a")]
    public void Invalid_filters_are_reported(string filter)
    {
        Assert.NotNull(MqttTopic.ValidateTopicFilter(filter));
    }

    [Theory]
    [InlineData("#")]
    [InlineData("+")]
    [InlineData("a/+/c/#")]
    [InlineData("/")]
    [InlineData("$share/group/a/#")]
    public void Valid_filters_pass(string filter)
    {
        Assert.Null(MqttTopic.ValidateTopicFilter(filter));
    }

    [Fact]
    public void Topic_names_must_be_non_empty_and_free_of_wildcards()
    {
        Assert.NotNull(MqttTopic.ValidateTopicName(""));
        Assert.NotNull(MqttTopic.ValidateTopicName("a/+"));
        Assert.NotNull(MqttTopic.ValidateTopicName("a/#"));
        Assert.Null(MqttTopic.ValidateTopicName("a/b"));
    }
}
