using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vedliot.Messaging.Client;
using Vedliot.Messaging.Packets;

namespace Vedliot.UseCases.SmartHome.HomeAssistant;

/// <summary>
/// Publishes the app's Home Assistant discovery configs (retained), its entities' states as scores and detections come,
/// and, when the app leaves the home, empty retained payloads that remove every config again.
/// </summary>
/// <param name="mqtt">The app's connected client; not owned.</param>
/// <param name="options">The device and its topics.</param>
public sealed class HomeAssistantPublisher(MqttClient mqtt, HomeAssistantOptions options)
{
    private readonly IReadOnlyList<DiscoveryConfig> _configs = HomeAssistantDiscovery.Configs(options);

    /// <summary>Home Assistant's discovery prefix the configs lie under.</summary>
    public string DiscoveryPrefix => options.DiscoveryPrefix;

    /// <summary>The configs this publisher announces.</summary>
    public IReadOnlyList<DiscoveryConfig> Configs => _configs;

    /// <summary>Publishes every config, retained, at QoS 1.</summary>
    /// <param name="cancellationToken">Cancels publishing.</param>
    /// <returns>A task that completes once the broker has every config.</returns>
    /// <exception cref="HomeAssistantException">The broker refused one (e.g. the app's ACL does not grant the discovery prefix).</exception>
    public async Task AnnounceAsync(CancellationToken cancellationToken = default)
    {
        foreach (var config in _configs)
        {
            await PublishAsync(config.Topic, Encoding.UTF8.GetBytes(config.Payload.ToJsonString()), retain: true, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Removes every config: an empty retained payload on each topic, which also clears the retained config.</summary>
    /// <param name="cancellationToken">Cancels publishing.</param>
    /// <returns>A task that completes once the broker has every removal.</returns>
    public async Task RemoveAsync(CancellationToken cancellationToken = default)
    {
        foreach (var config in _configs)
        {
            await PublishAsync(config.Topic, [], retain: true, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Publishes the latest score as the score sensor's state.</summary>
    /// <param name="score">The score.</param>
    /// <param name="cancellationToken">Cancels publishing.</param>
    /// <returns>A task that completes once published.</returns>
    public Task PublishScoreAsync(WakeWordScore score, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(score);
        return PublishAsync(HomeAssistantDiscovery.ScoreTopic(options), Encoding.UTF8.GetBytes(score.Score.ToString("0.0000", CultureInfo.InvariantCulture)), retain: false, cancellationToken);
    }

    /// <summary>Publishes a detection: the binary sensor turns on (and off after its <c>off_delay</c>) and the event fires.</summary>
    /// <param name="detection">The detection.</param>
    /// <param name="source">What was listened to, an attribute of the event.</param>
    /// <param name="cancellationToken">Cancels publishing.</param>
    /// <returns>A task that completes once both are published.</returns>
    public async Task PublishDetectionAsync(WakeWordDetection detection, string source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(detection);
        await PublishAsync(HomeAssistantDiscovery.HeardTopic(options), Encoding.UTF8.GetBytes(HomeAssistantDiscovery.HeardPayload), retain: false, cancellationToken).ConfigureAwait(false);
        var payload = new JsonObject
        {
            ["event_type"] = HomeAssistantDiscovery.DetectedEventType,
            ["score"] = Math.Round(detection.Score, 4),
            ["audio_end_seconds"] = Math.Round(detection.AudioEnd.TotalSeconds, 2),
            ["source"] = source,
        };
        await PublishAsync(HomeAssistantDiscovery.DetectionTopic(options), JsonSerializer.SerializeToUtf8Bytes(payload), retain: false, cancellationToken).ConfigureAwait(false);
    }

    private async Task PublishAsync(string topic, byte[] payload, bool retain, CancellationToken cancellationToken)
    {
        var result = await mqtt.PublishAsync(
            new MqttApplicationMessage { Topic = topic, Payload = payload, PayloadFormat = MqttPayloadFormat.Utf8, QualityOfService = MqttQualityOfService.AtLeastOnce, Retain = retain },
            cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            throw new HomeAssistantException($"the broker refused the Home Assistant message on '{topic}': {result.ReasonCode}");
        }
    }
}
