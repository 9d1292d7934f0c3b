using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vedliot.Messaging.Client;
using Vedliot.Messaging.Packets;
using Vedliot.Pipelines.Apps;
using Vedliot.Runtime.Deployment.Protocol;
using Vedliot.Testing;
using Vedliot.UseCases.SmartHome.HomeAssistant;

namespace Vedliot.UseCases.SmartHome.Tests.HomeAssistant;

/// <summary>
/// The discovery configs and states through a real mosquitto, read back as Home Assistant would: retained configs on
/// subscription, availability and state topics that hold what the configs expect, and nothing retained once removed.
/// </summary>
public sealed class HomeAssistantRoundTripTests(MosquittoBroker broker) : IClassFixture<MosquittoBroker>, IAsyncLifetime
{
    private readonly string _prefix = "ha-" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<MqttClient> _clients = [];

    private HomeAssistantOptions Options => HomeAssistantDiscoveryTests.Options with
    {
        DiscoveryPrefix = $"{_prefix}-homeassistant",
        StateTopicPrefix = $"{_prefix}/app/home-assistant",
        AvailabilityTopic = $"{_prefix}/app/availability",
        TopicRoot = $"{_prefix}-vedliot",
    };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }
    }

    private async Task<(MqttClient Client, MessageRecorder Recorder)> ClientAsync(string name)
    {
        var client = new MqttClient(broker.Options($"{_prefix}-{name}"));
        _clients.Add(client);
        var recorder = new MessageRecorder(client, TimeSpan.FromSeconds(60));
        await client.ConnectAsync();
        return (client, recorder);
    }

    private static MqttApplicationMessage Retained(string topic, string payload) => new()
    {
        Topic = topic,
        Payload = Encoding.UTF8.GetBytes(payload),
        QualityOfService = MqttQualityOfService.AtLeastOnce,
        Retain = true,
    };

    private static string Text(MqttApplicationMessage message) => Encoding.UTF8.GetString(message.Payload.Span);

    /// <summary>What a fresh subscriber to <paramref name="filter"/> is given as retained: everything before a sentinel published after subscribing.</summary>
    private async Task<IReadOnlyList<MqttApplicationMessage>> RetainedUnderAsync(string filter, string sentinelTopic)
    {
        var (client, recorder) = await ClientAsync("fresh-" + Guid.NewGuid().ToString("N")[..4]);
        await client.SubscribeAsync(filter, MqttQualityOfService.AtLeastOnce);
        await client.PublishAsync(new MqttApplicationMessage { Topic = sentinelTopic, Payload = "end"u8.ToArray(), QualityOfService = MqttQualityOfService.AtLeastOnce });
        var (_, index) = await recorder.WaitForAsync(sentinelTopic);
        return [.. recorder.Messages.Take(index)];
    }

    [Fact]
    public async Task Configs_are_retained_their_topics_hold_what_home_assistant_expects_and_removal_leaves_none()
    {
        var options = Options;
        var (app, _) = await ClientAsync("app");
        var publisher = new HomeAssistantPublisher(app, options);
        var protocol = new DeploymentTopics(options.TopicRoot);

        // The app says it is online (as the demo does); the nodes announce themselves, retained, as node agents do.
        await app.PublishAsync(AppAvailability.Message(options.AvailabilityTopic, online: true));
        foreach (var node in options.Nodes)
        {
            await app.PublishAsync(Retained(protocol.Announcement(node), HomeAssistantDiscoveryTests.Announcement(node, NodeState.Online)));
        }

        await publisher.AnnounceAsync();

        // Home Assistant subscribes to its prefix and is given every config, retained, as published.
        var retained = await RetainedUnderAsync($"{options.DiscoveryPrefix}/#", $"{options.DiscoveryPrefix}/sentinel");
        Assert.Equal(publisher.Configs.Select(c => c.Topic).Order(StringComparer.Ordinal), retained.Select(m => m.Topic).Order(StringComparer.Ordinal));
        Assert.All(retained, m => Assert.True(m.Retain, m.Topic));
        foreach (var config in publisher.Configs)
        {
            var received = JsonNode.Parse(Text(retained.Single(m => m.Topic == config.Topic)))!.AsObject();
            Assert.True(JsonNode.DeepEquals(config.Payload, received), config.Topic);
            Assert.Empty(HomeAssistantDiscoveryRules.Violations(config with { Payload = received }, options.DiscoveryPrefix));
        }

        // Every availability topic exists and says "available" in the config's own terms.
        var (home, states) = await ClientAsync("home-assistant");
        foreach (var entry in publisher.Configs.SelectMany(c => HomeAssistantDiscoveryRules.Expand(c.Payload)["availability"]!.AsArray()).Select(a => a!.AsObject()).DistinctBy(a => a.ToJsonString()))
        {
            var topic = (string)entry["topic"]!;
            await home.SubscribeAsync(topic, MqttQualityOfService.AtLeastOnce);
            var (message, _) = await states.WaitForAsync(topic);
            var said = entry["value_template"] is { } template ? await JinjaTemplates.RenderAsync((string)template!, Text(message)) : Text(message);
            Assert.Equal((string?)entry["payload_available"] ?? HomeAssistantDiscoveryRules.DefaultAvailable, said);
        }

        // Every state topic carries what its entity reads: health from the nodes, score and detection from the app.
        foreach (var topic in publisher.Configs.Select(c => (string)c.Payload["state_topic"]!).Distinct(StringComparer.Ordinal))
        {
            await home.SubscribeAsync(topic, MqttQualityOfService.AtLeastOnce);
        }

        foreach (var node in options.Nodes)
        {
            await app.PublishAsync(new MqttApplicationMessage { Topic = protocol.Health(node), Payload = Encoding.UTF8.GetBytes(HomeAssistantDiscoveryTests.Health(node)), QualityOfService = MqttQualityOfService.AtLeastOnce });
        }

        await publisher.PublishScoreAsync(new WakeWordScore(7, TimeSpan.FromSeconds(2.5), 0.91f));
        await publisher.PublishDetectionAsync(new WakeWordDetection(TimeSpan.FromSeconds(2.5), 0.91f), "kitchen.wav");
        foreach (var config in publisher.Configs)
        {
            var payload = config.Payload;
            var (message, _) = await states.WaitForAsync((string)payload["state_topic"]!);
            var value = payload["value_template"] is { } template ? await JinjaTemplates.RenderAsync((string)template!, Text(message)) : Text(message);
            switch (config.Component)
            {
                case HomeAssistantComponent.BinarySensor:
                    Assert.Equal((string?)payload["payload_on"], value);
                    break;
                case HomeAssistantComponent.Sensor:
                    Assert.True(double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _), $"{config.UniqueId}: '{value}' is not a number");
                    break;
                default:
                    using (var detection = JsonDocument.Parse(value))
                    {
                        Assert.Contains(detection.RootElement.GetProperty("event_type").GetString(), payload["event_types"]!.AsArray().Select(t => (string?)t));
                    }

                    break;
            }
        }

        // Removal: an empty retained payload per config, and Home Assistant, subscribing again, is given nothing.
        await publisher.RemoveAsync();
        Assert.Empty(await RetainedUnderAsync($"{options.DiscoveryPrefix}/#", $"{options.DiscoveryPrefix}/sentinel"));
    }
}
