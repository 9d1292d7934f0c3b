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

    // Built here, not in the theory data: xunit serialises theory data as UTF-8, which replaces unpaired surrogates.
    private static readonly Dictionary<string, (string Topic, string Clause)> BadTopicNames = new(StringComparer.Ordinal)
    {
        ["empty"] = (string.Empty, "[MQTT-4.7.3-1]"),
        ["null character"] = ("a/\0/b", "[MQTT-4.7.3-2]"),
        ["null character alone"] = ("\0", "[MQTT-4.7.3-2]"),
        ["lone high surrogate"] = ("a/\uD800", "[MQTT-1.5.4-1]"),
        ["lone low surrogate"] = ("\uDC00/a", "[MQTT-1.5.4-1]"),
        ["reversed surrogate pair"] = ("\uDC00\uD800", "[MQTT-1.5.4-1]"),
        ["65,536 ASCII bytes"] = (new string('a', 65_536), "[MQTT-4.7.3-3]"),
        ["21,846 three-byte characters"] = (new string('\u4E3B', 21_846), "[MQTT-4.7.3-3]"),
        ["16,384 four-byte characters"] = (string.Concat(Enumerable.Repeat("\U0001F600", 16_384)), "[MQTT-4.7.3-3]"),
        ["single-level wildcard"] = ("a/+/b", "[MQTT-4.7.0-1]"),
        ["multi-level wildcard"] = ("a/#", "[MQTT-4.7.0-1]"),
        ["wildcard inside a level"] = ("a+b", "[MQTT-4.7.0-1]"),
    };

    public static TheoryData<string> BadTopicNameCases => new(BadTopicNames.Keys);

    [Theory]
    [MemberData(nameof(BadTopicNameCases))]
    public void A_topic_name_that_breaks_section_4_7_is_refused_citing_the_clause(string what)
    {
        var (topic, clause) = BadTopicNames[what];

        var problem = MqttTopic.ValidateTopicName(topic);

        Assert.True(problem is not null && problem.Contains(clause, StringComparison.Ordinal), $"{what}: {problem}");
    }

    [Theory]
    [InlineData("a")]
    [InlineData("/")]
    [InlineData("$SYS/broker")]
    [InlineData("caf\u00E9/\U0001F600")]
    public void Topic_names_within_the_rules_pass(string topic)
    {
        Assert.Null(MqttTopic.ValidateTopicName(topic));
    }

    [Fact]
    public void A_topic_name_of_exactly_65535_bytes_passes_whatever_its_characters()
    {
        Assert.Null(MqttTopic.ValidateTopicName(new string('a', 65_535)));
        Assert.Null(MqttTopic.ValidateTopicName(new string('\u4E3B', 21_845)));
        Assert.Null(MqttTopic.ValidateTopicName(string.Concat(Enumerable.Repeat("\U0001F600", 16_383)) + "abc"));
    }

    [Fact]
    public void A_topic_filter_with_a_null_or_an_unpaired_surrogate_is_refused()
    {
        Assert.Contains("[MQTT-4.7.3-2]", MqttTopic.ValidateTopicFilter("a/\0/#"), StringComparison.Ordinal);
        Assert.Contains("[MQTT-1.5.4-1]", MqttTopic.ValidateTopicFilter("\uD800/+"), StringComparison.Ordinal);
    }
}
