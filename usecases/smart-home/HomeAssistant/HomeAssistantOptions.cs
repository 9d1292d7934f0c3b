using System.Text.RegularExpressions;
using Vedliot.Messaging.Packets;

namespace Vedliot.UseCases.SmartHome.HomeAssistant;

/// <summary>How the smart-home app shows itself to Home Assistant through MQTT discovery.</summary>
public sealed partial record HomeAssistantOptions
{
    /// <summary>Home Assistant's discovery prefix. Default: <c>homeassistant</c>, Home Assistant's own default.</summary>
    public string DiscoveryPrefix { get; init; } = "homeassistant";

    /// <summary>The device's id, the node id of every discovery topic and the start of every <c>unique_id</c>: letters, digits, '_' and '-'. Default: <c>vedliot_smart_home</c>.</summary>
    public string DeviceId { get; init; } = "vedliot_smart_home";

    /// <summary>Where the app publishes its entities' states (under the app's own topics), e.g. <c>vedliot/smart-home/home-assistant</c>.</summary>
    public required string StateTopicPrefix { get; init; }

    /// <summary>The app's availability topic (<see cref="Vedliot.Pipelines.Apps.AppAvailability"/>): its retained <c>online</c>, and <c>offline</c> as its will.</summary>
    public required string AvailabilityTopic { get; init; }

    /// <summary>The node agents whose latency and energy are shown, by id.</summary>
    public IReadOnlyList<string> Nodes { get; init; } = [];

    /// <summary>The deployment protocol's topic root (nodes' announcements and health). Default: <c>vedliot</c>.</summary>
    public string TopicRoot { get; init; } = "vedliot";

    /// <summary>How long the "wake word heard" binary sensor stays on after a detection (its <c>off_delay</c>): 1 – 3600 s, default 3 s.</summary>
    public TimeSpan HeardFor { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentException">An id or topic is not what Home Assistant or MQTT accepts, or <see cref="HeardFor"/> is out of range.</exception>
    public void Validate()
    {
        if (!DiscoveryId().IsMatch(DeviceId))
        {
            throw new ArgumentException($"DeviceId '{DeviceId}': Home Assistant takes letters, digits, '_' and '-' in discovery topics.", nameof(DeviceId));
        }

        foreach (var (name, topic) in new[] { (nameof(DiscoveryPrefix), DiscoveryPrefix), (nameof(StateTopicPrefix), StateTopicPrefix), (nameof(AvailabilityTopic), AvailabilityTopic), (nameof(TopicRoot), TopicRoot) })
        {
            if (MqttTopic.ValidateTopicName(topic) is { } problem)
            {
                throw new ArgumentException($"{name} '{topic}': {problem}", name);
            }
        }

        if (HeardFor < TimeSpan.FromSeconds(1) || HeardFor > TimeSpan.FromHours(1) || HeardFor.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentException($"HeardFor {HeardFor}: Home Assistant's off_delay is whole seconds, 1 – 3600 here.", nameof(HeardFor));
        }
    }

    /// <summary>Home Assistant's character class for the node and object ids of discovery topics.</summary>
    [GeneratedRegex("^[a-zA-Z0-9_-]+$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    internal static partial Regex DiscoveryId();
}
