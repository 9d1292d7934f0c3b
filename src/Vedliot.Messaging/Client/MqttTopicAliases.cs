using Vedliot.Messaging.Formatter;
using Vedliot.Messaging.Packets;

namespace Vedliot.Messaging.Client;

/// <summary>How to send one topic: not aliased (<see cref="Alias"/> 0), by an alias already defined, or defining a new one.</summary>
/// <param name="Alias">The alias to send, or 0 for none.</param>
/// <param name="Defines">True when this PUBLISH defines the alias (it carries both topic and alias).</param>
internal readonly record struct TopicAliasChoice(ushort Alias, bool Defines)
{
    public static TopicAliasChoice None => default;
}

/// <summary>
/// Topic aliases this client uses towards the server (MQTT 5.0 §3.3.2.3.4), at most the server's
/// Topic Alias Maximum, assigned first come first served and never reassigned. Valid for one
/// connection; not thread-safe (the connection's send gate serialises it).
/// </summary>
/// <param name="maximum">The server's Topic Alias Maximum; 0 disables aliases.</param>
internal sealed class OutgoingTopicAliases(ushort maximum)
{
    private readonly Dictionary<string, ushort> _aliases = new(StringComparer.Ordinal);

    /// <summary>Picks the alias for <paramref name="topic"/>; a new one is only in effect after <see cref="Define"/>.</summary>
    /// <param name="topic">The full topic name.</param>
    /// <returns>The choice.</returns>
    public TopicAliasChoice Choose(string topic)
    {
        if (maximum == 0)
        {
            return TopicAliasChoice.None;
        }

        if (_aliases.TryGetValue(topic, out var alias))
        {
            return new TopicAliasChoice(alias, Defines: false);
        }

        return _aliases.Count < maximum ? new TopicAliasChoice((ushort)(_aliases.Count + 1), Defines: true) : TopicAliasChoice.None;
    }

    /// <summary>Records an alias once the PUBLISH defining it is queued.</summary>
    /// <param name="topic">The topic.</param>
    /// <param name="alias">The alias chosen by <see cref="Choose"/>.</param>
    public void Define(string topic, ushort alias) => _aliases[topic] = alias;
}

/// <summary>
/// Topic aliases the server uses towards this client (MQTT 5.0 §3.3.2.3.4), valid for one
/// connection; not thread-safe (the receive loop alone uses it).
/// </summary>
/// <param name="maximum">The Topic Alias Maximum this client announced.</param>
internal sealed class IncomingTopicAliases(ushort maximum)
{
    private readonly Dictionary<ushort, string> _topics = [];

    /// <summary>The topic of a received PUBLISH: its own, recording the alias it defines, or the one its alias stands for.</summary>
    /// <param name="publish">The received packet.</param>
    /// <returns>The full topic name.</returns>
    /// <exception cref="MqttProtocolException">The alias is above the maximum or was never defined.</exception>
    public string Resolve(PublishPacket publish)
    {
        var alias = publish.TopicAlias;
        if (alias == 0)
        {
            return publish.Topic;
        }

        if (alias > maximum)
        {
            throw new MqttProtocolException(MqttReasonCode.TopicAliasInvalid, "[MQTT-3.3.2-9]", $"Topic Alias {alias} exceeds the Topic Alias Maximum {maximum} this client sent.");
        }

        if (publish.Topic.Length > 0)
        {
            _topics[alias] = publish.Topic;
            return publish.Topic;
        }

        return _topics.TryGetValue(alias, out var topic)
            ? topic
            : throw MqttProtocolException.Protocol("MQTT 5.0 §3.3.2.3.4", $"Topic Alias {alias} has no mapping on this connection.");
    }
}
