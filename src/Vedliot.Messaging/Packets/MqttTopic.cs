namespace Vedliot.Messaging.Packets;

/// <summary>Rules for topic names and topic filters (MQTT 5.0 §4.7, §4.8.2).</summary>
public static class MqttTopic
{
    private const string SharePrefix = "$share/";

    /// <summary>Checks a topic name used in PUBLISH: non-empty, no wildcards [MQTT-3.3.2-2], [MQTT-4.7.3-1].</summary>
    /// <param name="topic">The topic name.</param>
    /// <returns>Null when valid, otherwise the reason it is not.</returns>
    public static string? ValidateTopicName(string topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        if (topic.Length == 0)
        {
            return "A topic name must be at least one character long [MQTT-4.7.3-1].";
        }

        if (topic.AsSpan().IndexOfAny('+', '#') >= 0)
        {
            return "A topic name must not contain wildcard characters [MQTT-3.3.2-2].";
        }

        return null;
    }

    /// <summary>Checks a topic filter, including the shared subscription form <c>$share/{name}/{filter}</c>.</summary>
    /// <param name="filter">The topic filter.</param>
    /// <returns>Null when valid, otherwise the reason it is not.</returns>
    public static string? ValidateTopicFilter(string filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var span = filter.AsSpan();
        if (IsShared(filter))
        {
            span = span[SharePrefix.Length..];
            var slash = span.IndexOf('/');
            if (slash <= 0)
            {
                return "A shared subscription needs a non-empty share name followed by '/' and a topic filter [MQTT-4.8.2-1].";
            }

            if (span[..slash].IndexOfAny('+', '#') >= 0)
            {
                return "A share name must not contain '+' or '#' [MQTT-4.8.2-2].";
            }

            span = span[(slash + 1)..];
        }

        if (span.IsEmpty)
        {
            return "A topic filter must be at least one character long [MQTT-4.7.3-1].";
        }

        var levelStart = 0;
        for (var i = 0; i <= span.Length; i++)
        {
            if (i < span.Length && span[i] != '/')
            {
                continue;
            }

            var level = span[levelStart..i];
            var hash = level.IndexOf('#');
            if (hash >= 0 && (level.Length != 1 || i != span.Length))
            {
                return "'#' must occupy a whole level and be the last character of the filter [MQTT-4.7.1-1].";
            }

            if (level.IndexOf('+') >= 0 && level.Length != 1)
            {
                return "'+' must occupy an entire level of the filter [MQTT-4.7.1-2].";
            }

            levelStart = i + 1;
        }

        return null;
    }

    /// <summary>Whether a filter is a shared subscription (<c>$share/</c> prefix).</summary>
    /// <param name="filter">The topic filter.</param>
    /// <returns>True for a shared subscription.</returns>
    public static bool IsShared(string filter) => filter.StartsWith(SharePrefix, StringComparison.Ordinal);

    /// <summary>Whether <paramref name="topic"/> matches <paramref name="filter"/> (shared prefix removed first).</summary>
    /// <param name="filter">A valid topic filter.</param>
    /// <param name="topic">A topic name.</param>
    /// <returns>True when the topic matches.</returns>
    public static bool Matches(string filter, string topic)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(topic);
        var f = filter.AsSpan();
        if (IsShared(filter))
        {
            f = f[SharePrefix.Length..];
            f = f[(f.IndexOf('/') + 1)..];
        }

        var t = topic.AsSpan();
        if (t.Length > 0 && t[0] == '$' && f.Length > 0 && (f[0] == '+' || f[0] == '#'))
        {
            return false; // [MQTT-4.7.2-1]
        }

        while (true)
        {
            var fSlash = f.IndexOf('/');
            var fLevel = fSlash < 0 ? f : f[..fSlash];
            if (fLevel is "#")
            {
                return true;
            }

            var tSlash = t.IndexOf('/');
            var tLevel = tSlash < 0 ? t : t[..tSlash];
            if (!(fLevel is "+" || fLevel.SequenceEqual(tLevel)))
            {
                return false;
            }

            if (fSlash < 0 || tSlash < 0)
            {
                // "a/#" also matches "a" (the parent level) [MQTT 5.0 §4.7.1.2].
                return fSlash < 0 && tSlash < 0 || (tSlash < 0 && f[(fSlash + 1)..] is "#");
            }

            f = f[(fSlash + 1)..];
            t = t[(tSlash + 1)..];
        }
    }
}
