using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vedliot.Runtime.Deployment.Protocol;
using Vedliot.Runtime.Execution;
using Vedliot.UseCases.SmartHome.HomeAssistant;

namespace Vedliot.UseCases.SmartHome.Tests.HomeAssistant;

/// <summary>The discovery configs against Home Assistant's documented rules, and their templates against the nodes' real messages in Jinja2.</summary>
public sealed class HomeAssistantDiscoveryTests
{
    internal static readonly HomeAssistantOptions Options = new()
    {
        StateTopicPrefix = "vedliot/smart-home/app/home-assistant",
        AvailabilityTopic = "vedliot/smart-home/app/availability",
        Nodes = ["recs-x86-1", "jetson.agx"],
    };

    /// <summary>A node's health report as the node agent publishes it (<see cref="DeploymentMessages"/>).</summary>
    internal static string Health(string node) => System.Text.Encoding.UTF8.GetString(DeploymentMessages.Serialize(new NodeHealth(node, DateTimeOffset.UnixEpoch, [
        new StageMetrics("embedding/0", 100, 0, 0, 0, 4.25, 6.0, FigureSource.Measured, 0.002, FigureSource.Modelled, "modelled (emulated module)"),
        new StageMetrics("hey-jarvis/0", 40, 1, 0, 0, 0.5, 0.75, FigureSource.Measured, 0.0005, FigureSource.Modelled, "modelled (emulated module)"),
    ])));

    internal static string Announcement(string node, NodeState state) => System.Text.Encoding.UTF8.GetString(DeploymentMessages.Serialize(new NodeAnnouncement(node, state, null, "1.0", "ab", "TPM simulator", "host", [])));

    [Fact]
    public void Every_config_follows_the_discovery_rules_of_home_assistant_s_documentation()
    {
        var configs = HomeAssistantDiscovery.Configs(Options);

        Assert.Equal(3 + (2 * 2), configs.Count);
        Assert.All(configs, c => Assert.Empty(HomeAssistantDiscoveryRules.Violations(c)));
        Assert.Equal(configs.Count, configs.Select(c => c.UniqueId).Distinct().Count());
        Assert.Equal(configs.Count, configs.Select(c => c.Topic).Distinct().Count());
        Assert.Contains("homeassistant/sensor/vedliot_smart_home/node_jetson_agx_energy/config", configs.Select(c => c.Topic));
    }

    public static TheoryData<string, Action<JsonObject>, string> Broken => new()
    {
        { "no state topic", p => p.Remove("state_topic"), "required option 'state_topic' is missing" },
        { "mJ", p => p["unit_of_measurement"] = "mJ", "unit 'mJ' is not one of device class energy's" },
        { "energy measured per run", p => p["state_class"] = "measurement", "state_class 'measurement' is not allowed with device class energy" },
        { "unknown key", p => p["unit"] = "J", "'unit' is not an option of sensor" },
        { "both forms", p => p["stat_t"] = "x", "a key is given both abbreviated and in full" },
        { "nameless device", p => p["device"]!.AsObject().Remove("name"), "the device has no name" },
        { "nameless origin", p => p["origin"]!.AsObject().Remove("name"), "no origin with a name" },
        { "availability without topic", p => p["availability"]![0]!.AsObject().Remove("topic"), "an availability entry has no topic" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void The_rules_catch_a_config_broken_on_purpose(string what, Action<JsonObject> breakIt, string violation)
    {
        var energy = HomeAssistantDiscovery.Configs(Options).Single(c => c.Topic.EndsWith("node_recs-x86-1_energy/config", StringComparison.Ordinal));
        var payload = energy.Payload.DeepClone().AsObject();
        breakIt(payload);

        var violations = HomeAssistantDiscoveryRules.Violations(energy with { Payload = payload });

        Assert.True(violations.Any(v => v.StartsWith(violation, StringComparison.Ordinal)), $"{what}: {string.Join("; ", violations)}");
    }

    [Fact]
    public void Abbreviated_keys_expand_to_what_the_app_sends_in_full()
    {
        var abbreviated = JsonNode.Parse("""{"stat_t": "a/b", "dev": {"ids": ["x"], "name": "X"}, "o": {"name": "o", "sw": "1"}, "avty": [{"t": "a/c"}], "uniq_id": "u"}""")!.AsObject();

        var expanded = HomeAssistantDiscoveryRules.Expand(abbreviated);

        Assert.Empty(HomeAssistantDiscoveryRules.Violations(new DiscoveryConfig(HomeAssistantComponent.Sensor, "homeassistant/sensor/u/config", abbreviated)));
        Assert.Equal("a/b", (string?)expanded["state_topic"]);
        Assert.Equal("1", (string?)expanded["origin"]!["sw_version"]);
        Assert.Equal("a/c", (string?)expanded["availability"]![0]!["topic"]);
    }

    [Fact]
    public async Task Node_sensors_templates_render_the_node_s_real_health_report_in_jinja2()
    {
        var configs = HomeAssistantDiscovery.Configs(Options);
        var latency = configs.Single(c => c.UniqueId == "vedliot_smart_home_node_recs-x86-1_stage_latency").Payload;
        var energy = configs.Single(c => c.UniqueId == "vedliot_smart_home_node_recs-x86-1_energy").Payload;
        var health = Health("recs-x86-1");

        // 4.25 + 0.5 ms; 100 × 2 mJ + 40 × 0.5 mJ = 0.22 J.
        Assert.Equal(4.75, double.Parse(await JinjaTemplates.RenderAsync((string)latency["value_template"]!, health), CultureInfo.InvariantCulture), 9);
        Assert.Equal(0.22, double.Parse(await JinjaTemplates.RenderAsync((string)energy["value_template"]!, health), CultureInfo.InvariantCulture), 9);

        // The figures' sources show as attributes, so modelled (emulated) energy is labelled as such in Home Assistant.
        using var attributes = JsonDocument.Parse(await JinjaTemplates.RenderAsync((string)energy["json_attributes_template"]!, health));
        Assert.Equal("modelled", attributes.RootElement.GetProperty("energy_source").GetString());
        Assert.Equal("measured", attributes.RootElement.GetProperty("latency_source").GetString());
        Assert.Equal(["embedding/0", "hey-jarvis/0"], attributes.RootElement.GetProperty("stages").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task A_node_s_availability_template_reads_its_announcement_and_its_will_as_home_assistant_s_payloads()
    {
        var availability = HomeAssistantDiscovery.Configs(Options).Single(c => c.UniqueId.EndsWith("jetson_agx_energy", StringComparison.Ordinal)).Payload["availability"]!.AsArray();
        var node = availability.Single(a => (string?)a!["topic"] == "vedliot/nodes/jetson.agx/announce")!;
        var template = (string)node["value_template"]!;

        Assert.Equal((string?)node["payload_available"], await JinjaTemplates.RenderAsync(template, Announcement("jetson.agx", NodeState.Online)));
        Assert.Equal((string?)node["payload_not_available"], await JinjaTemplates.RenderAsync(template, Announcement("jetson.agx", NodeState.Offline)));
        Assert.Contains(availability, a => (string?)a!["topic"] == Options.AvailabilityTopic);
        Assert.Equal("all", (string?)HomeAssistantDiscovery.Configs(Options)[^1].Payload["availability_mode"]);
    }

    [Theory]
    [InlineData("bad id")]
    [InlineData("a/b")]
    public void A_device_id_home_assistant_would_not_take_is_refused(string id) =>
        Assert.Contains("DeviceId", Assert.Throws<ArgumentException>(() => HomeAssistantDiscovery.Configs(Options with { DeviceId = id })).Message, StringComparison.Ordinal);
}
