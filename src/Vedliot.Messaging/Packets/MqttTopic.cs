using System.Globalization;

namespace Vedliot.Messaging.Packets;

/// <summary>Rules for topic names and topic filters (MQTT 5.0 §4.7, §4.8.2).</summary>
public static class MqttTopic
{
    private const string SharePrefix = "$share/";

    /// <summary>Most bytes a topic name or filter may encode to in UTF-8 [MQTT-4.7.3-3].</summary>
    public const int MaximumUtf8Bytes = ushort.MaxValue;

    /// <summary>
    /// Checks a topic name used in PUBLISH (MQTT 5.0 §4.7): at least one character [MQTT-4.7.3-1], well-formed
    /// UTF-8 [MQTT-1.5.4-1], no U+0000 [MQTT-4.7.3-2], at most 65,535 bytes [MQTT-4.7.3-3], and no wildcard
    /// [MQTT-4.7.0-1], [MQTT-3.3.2-2].
    /// </summary>
    /// <param name="topic">The topic name.</param>
    /// <returns>Null when valid, otherwise the reason it is not.</returns>
    public static string? ValidateTopicName(string topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        if (ValidateString(topic, "topic name") is { } problem)
        {
            return problem;
        }

        var wildcard = topic.AsSpan().IndexOfAny('+', '#');
        return wildcard >= 0
            ? $"A topic name must not contain the wildcard characters '+' or '#'; found '{topic[wildcard]}' at character {wildcard + 1} [MQTT-4.7.0-1], [MQTT-3.3.2-2]."
            : null;
    }

    /// <summary>Checks a topic filter, including the shared subscription form <c>$share/{name}/{filter}</c>.</summary>
    /// <param name="filter">The topic filter.</param>
    /// <returns>Null when valid, otherwise the reason it is not.</returns>
    public static string? ValidateTopicFilter(string filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.Length > 0 && ValidateString(filter, "topic filter") is { } problem)
        {
            return problem;
        }

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

    /// <summary>The rules topic names and filters share (§4.7.3, §1.5.4), checked in one pass; null when they hold.</summary>
    private static string? ValidateString(string text, string what)
    {
        if (text.Length == 0)
        {
            return $"A {what} must be at least one character long [MQTT-4.7.3-1].";
        }

        long bytes = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0')
            {
                return $"A {what} must not contain the null character U+0000; found at character {i + 1} [MQTT-4.7.3-2].";
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                bytes += 4;
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return $"A {what} must be well-formed UTF-8; character {i + 1} is an unpaired surrogate U+{(int)c:X4} [MQTT-1.5.4-1].";
            }
            else
            {
                bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            }
        }

        return bytes > MaximumUtf8Bytes
            ? string.Create(CultureInfo.InvariantCulture, $"A {what} must not encode to more than {MaximumUtf8Bytes:N0} bytes of UTF-8; this one has {bytes:N0} [MQTT-4.7.3-3].")
            : null;
    }
}
