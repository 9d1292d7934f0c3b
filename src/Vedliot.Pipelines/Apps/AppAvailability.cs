using System.Text;
using Vedliot.Messaging.Packets;

namespace Vedliot.Pipelines.Apps;

/// <summary>
/// Whether a use-case app is connected, as others (a Home Assistant, a dashboard) see it: a retained <see cref="Online"/>
/// on the app's availability topic once it has connected, <see cref="Offline"/> when it leaves, and the same
/// <see cref="Offline"/> as its will, which the broker publishes when the connection is lost (MQTT 5.0 §3.1.2.5).
/// The payloads are Home Assistant's defaults for <c>payload_available</c> and <c>payload_not_available</c>.
/// </summary>
public static class AppAvailability
{
    /// <summary>The payload of a connected app.</summary>
    public const string Online = "online";

    /// <summary>The payload of an app that left or was lost.</summary>
    public const string Offline = "offline";

    /// <summary>The availability topic of an app whose topics lie under <paramref name="topicPrefix"/>: <c>{prefix}/app/availability</c>.</summary>
    /// <param name="topicPrefix">The levels the app's topics share, e.g. <c>vedliot/smart-home</c>.</param>
    /// <returns>The topic.</returns>
    public static string Topic(string topicPrefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(topicPrefix);
        return $"{topicPrefix}/app/availability";
    }

    /// <summary>The retained message saying the app is <paramref name="online"/> or not, at QoS 1; also its will.</summary>
    /// <param name="topic">The app's availability topic.</param>
    /// <param name="online">Connected, or gone.</param>
    /// <returns>The message.</returns>
    public static MqttApplicationMessage Message(string topic, bool online) => new()
    {
        Topic = topic,
        Payload = Encoding.UTF8.GetBytes(online ? Online : Offline),
        PayloadFormat = MqttPayloadFormat.Utf8,
        QualityOfService = MqttQualityOfService.AtLeastOnce,
        Retain = true,
    };
}
