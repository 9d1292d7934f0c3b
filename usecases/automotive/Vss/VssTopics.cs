using Vedliot.Messaging.Packets;

namespace Vedliot.UseCases.Automotive.Vss;

/// <summary>
/// Where a VSS signal lives on the broker: its path with each dot a topic level, under a root
/// (<c>automotive/vss</c> + <c>Vehicle.Speed</c> → <c>automotive/vss/Vehicle/Speed</c>), so that a branch is a
/// wildcard subscription (<c>automotive/vss/Vehicle/ADAS/#</c>).
/// </summary>
/// <param name="Root">The topic levels above <c>Vehicle</c>.</param>
public sealed record VssTopics(string Root)
{
    /// <summary>The root the demo uses, inside the app's topic tree.</summary>
    public const string DefaultRoot = "automotive/vss";

    /// <summary>The topic of <paramref name="path"/>.</summary>
    /// <param name="path">A VSS path such as <c>Vehicle.Speed</c>.</param>
    /// <exception cref="ArgumentException">The path is empty, has an empty element, or the topic breaks MQTT's rules.</exception>
    public string Topic(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Split('.').Any(e => e.Length == 0 || e.IndexOfAny(['/', '+', '#']) >= 0))
        {
            throw new ArgumentException($"'{path}' is not a VSS path (dot-separated names without '/', '+' or '#')", nameof(path));
        }

        var topic = $"{Root}/{path.Replace('.', '/')}";
        return MqttTopic.ValidateTopicName(topic) is { } problem ? throw new ArgumentException($"topic '{topic}': {problem}", nameof(path)) : topic;
    }
}
