using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vedliot.Pipelines.Apps;
using Vedliot.Runtime.Deployment.Protocol;

namespace Vedliot.UseCases.SmartHome.HomeAssistant;

/// <summary>
/// The smart-home app as Home Assistant's MQTT discovery sees it: one device, the app, with a binary sensor
/// "wake word heard" (turning itself off after <see cref="HomeAssistantOptions.HeardFor"/>), a sensor of the latest
/// score and an event entity firing per detection; and one device per node agent, via the app's, with a sensor of its
/// stages' latency and one of the energy they used, read from the node's own health reports. One config per component,
/// retained under <c>{prefix}/{component}/{device id}/{object id}/config</c>.
/// </summary>
/// <remarks>
/// The app's entities are available while the app's availability topic says <see cref="AppAvailability.Online"/> (its
/// will says <see cref="AppAvailability.Offline"/>); a node's entities while the app is and the node's retained
/// announcement says it is online (its will replaces the announcement with an offline one). Node energy is the total
/// of energy per run × runs over the node's stages, in J (Home Assistant's energy device class takes J, not mJ, and
/// wants a total, not a per-run measurement); figures a node models rather than measures say so in the entity's
/// attributes.
/// </remarks>
public static class HomeAssistantDiscovery
{
    /// <summary>The one event type of the detection event entity.</summary>
    public const string DetectedEventType = "detected";

    /// <summary>The binary sensor's state payload while heard (Home Assistant's default <c>payload_on</c>).</summary>
    public const string HeardPayload = "ON";

    /// <summary>The app's object ids (topic and <c>unique_id</c> suffix).</summary>
    public const string HeardObjectId = "wake_word_heard";

    /// <summary>The latest score's object id.</summary>
    public const string ScoreObjectId = "wake_word_score";

    /// <summary>The detection event's object id.</summary>
    public const string DetectionObjectId = "wake_word_detection";

    private static readonly string Stages = Json(nameof(NodeHealth.Stages));
    private static readonly string LatencyP50Ms = Json(nameof(StageMetrics.LatencyP50Ms));
    private static readonly string EnergyPerRunJoules = Json(nameof(StageMetrics.EnergyPerRunJoules));
    private static readonly string Completed = Json(nameof(StageMetrics.Completed));

    /// <summary>Where the binary sensor's state goes.</summary>
    public static string HeardTopic(HomeAssistantOptions options) => $"{Checked(options).StateTopicPrefix}/heard";

    /// <summary>Where the latest score goes.</summary>
    public static string ScoreTopic(HomeAssistantOptions options) => $"{Checked(options).StateTopicPrefix}/score";

    /// <summary>Where the detection events go.</summary>
    public static string DetectionTopic(HomeAssistantOptions options) => $"{Checked(options).StateTopicPrefix}/detection";

    /// <summary>Every discovery config: the app's three entities, then two per node.</summary>
    /// <param name="options">The device, its topics and nodes; validated here.</param>
    /// <returns>The configs, each with its retained topic.</returns>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public static IReadOnlyList<DiscoveryConfig> Configs(HomeAssistantOptions options)
    {
        Checked(options);
        var app = Device(options.DeviceId, "Vedliot smart home", "hey-jarvis wake-word detection (openWakeWord on attested nodes)", via: null);
        var appAvailability = new JsonArray(Availability(options.AvailabilityTopic, valueTemplate: null));
        var configs = new List<DiscoveryConfig>
        {
            Config(options, HomeAssistantComponent.BinarySensor, HeardObjectId, app, appAvailability, new JsonObject
            {
                ["name"] = "Wake word heard",
                ["state_topic"] = HeardTopic(options),
                ["payload_on"] = HeardPayload,
                ["device_class"] = "sound",
                ["off_delay"] = (int)options.HeardFor.TotalSeconds,
            }),
            Config(options, HomeAssistantComponent.Sensor, ScoreObjectId, app, appAvailability, new JsonObject
            {
                ["name"] = "Wake word score",
                ["state_topic"] = ScoreTopic(options),
                ["state_class"] = "measurement",
                ["suggested_display_precision"] = 3,
                ["icon"] = "mdi:account-voice",
            }),
            Config(options, HomeAssistantComponent.Event, DetectionObjectId, app, appAvailability, new JsonObject
            {
                ["name"] = "Wake word",
                ["state_topic"] = DetectionTopic(options),
                ["event_types"] = new JsonArray(DetectedEventType),
            }),
        };

        var protocol = new DeploymentTopics(options.TopicRoot);
        foreach (var node in options.Nodes)
        {
            var id = ObjectId(node);
            var device = Device($"{options.DeviceId}_node_{id}", $"Vedliot node {node}", "Vedliot node agent", via: options.DeviceId);
            var availability = new JsonArray(
                Availability(options.AvailabilityTopic, valueTemplate: null),
                Availability(protocol.Announcement(node), $"{{{{ value_json.{Json(nameof(NodeAnnouncement.State))} }}}}"));
            var health = protocol.Health(node);
            configs.Add(NodeSensor(options, $"node_{id}_stage_latency", device, availability, health, "Stage latency", Total($"s.{LatencyP50Ms}", 3), "ms", "duration", "measurement"));
            configs.Add(NodeSensor(options, $"node_{id}_energy", device, availability, health, "Energy", Total($"s.{EnergyPerRunJoules} * s.{Completed}", 6), "J", "energy", "total_increasing"));
        }

        return configs;
    }

    /// <summary>A node id as Home Assistant's object ids take it: characters outside <c>[a-zA-Z0-9_-]</c> become '_'.</summary>
    public static string ObjectId(string nodeId)
    {
        ArgumentException.ThrowIfNullOrEmpty(nodeId);
        return string.Concat(nodeId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_'));
    }

    private static HomeAssistantOptions Checked(HomeAssistantOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }

    private static DiscoveryConfig Config(HomeAssistantOptions options, HomeAssistantComponent component, string objectId, JsonObject device, JsonArray availability, JsonObject entity)
    {
        entity["unique_id"] = $"{options.DeviceId}_{objectId}";
        entity["availability"] = availability.DeepClone();
        entity["availability_mode"] = "all";
        entity["device"] = device.DeepClone();
        entity["origin"] = Origin();
        return new DiscoveryConfig(component, $"{options.DiscoveryPrefix}/{component.TopicName()}/{options.DeviceId}/{objectId}/config", entity);
    }

    /// <summary>A sensor over a node's health report, with the figures' sources as attributes.</summary>
    private static DiscoveryConfig NodeSensor(HomeAssistantOptions options, string objectId, JsonObject device, JsonArray availability, string health, string name, string valueTemplate, string unit, string deviceClass, string stateClass) =>
        Config(options, HomeAssistantComponent.Sensor, objectId, device, availability, new JsonObject
        {
            ["name"] = name,
            ["state_topic"] = health,
            ["value_template"] = valueTemplate,
            ["unit_of_measurement"] = unit,
            ["device_class"] = deviceClass,
            ["state_class"] = stateClass,
            ["json_attributes_topic"] = health,
            ["json_attributes_template"] = Sources(),
        });

    private static JsonObject Device(string id, string name, string model, string? via)
    {
        var device = new JsonObject
        {
            ["identifiers"] = new JsonArray(id),
            ["name"] = name,
            ["manufacturer"] = "Vedliot",
            ["model"] = model,
            ["sw_version"] = Version(),
        };
        if (via is not null)
        {
            device["via_device"] = via;
        }

        return device;
    }

    private static JsonObject Origin() => new() { ["name"] = "Vedliot smart-home app", ["sw_version"] = Version() };

    private static JsonObject Availability(string topic, string? valueTemplate)
    {
        var availability = new JsonObject
        {
            ["topic"] = topic,
            ["payload_available"] = AppAvailability.Online,
            ["payload_not_available"] = AppAvailability.Offline,
        };
        if (valueTemplate is not null)
        {
            availability["value_template"] = valueTemplate;
        }

        return availability;
    }

    /// <summary>A template summing <paramref name="term"/> over a health report's stages (s), rounded.</summary>
    private static string Total(string term, int digits) =>
        $"{{% set ns = namespace(total=0) %}}{{% for s in value_json.{Stages} %}}{{% set ns.total = ns.total + {term} %}}{{% endfor %}}{{{{ ns.total | round({digits}) }}}}";

    /// <summary>Attributes saying which stages the figures cover and whether they are measured or modelled.</summary>
    private static string Sources() =>
        $"{{{{ {{'stages': value_json.{Stages} | map(attribute='{Json(nameof(StageMetrics.Key))}') | list, "
        + $"'latency_source': value_json.{Stages} | map(attribute='{Json(nameof(StageMetrics.LatencySource))}') | unique | join(', '), "
        + $"'energy_source': value_json.{Stages} | map(attribute='{Json(nameof(StageMetrics.EnergySource))}') | unique | join(', '), "
        + $"'energy_meter': value_json.{Stages} | map(attribute='{Json(nameof(StageMetrics.EnergyMeter))}') | unique | join(', ')}} | tojson }}}}";

    /// <summary>A field's name in the deployment protocol's JSON (<see cref="DeploymentMessages"/>: camel case).</summary>
    private static string Json(string member) => JsonNamingPolicy.CamelCase.ConvertName(member);

    private static string Version() =>
        typeof(HomeAssistantDiscovery).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
