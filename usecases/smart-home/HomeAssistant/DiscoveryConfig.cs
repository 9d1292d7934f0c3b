using System.Text.Json.Nodes;

namespace Vedliot.UseCases.SmartHome.HomeAssistant;

/// <summary>One retained discovery config: the topic Home Assistant reads it on and its JSON payload.</summary>
/// <param name="Component">What kind of entity it configures.</param>
/// <param name="Topic"><c>{prefix}/{component}/{node_id}/{object_id}/config</c>.</param>
/// <param name="Payload">The config, with Home Assistant's full key names.</param>
public sealed record DiscoveryConfig(HomeAssistantComponent Component, string Topic, JsonObject Payload)
{
    /// <summary>The entity's <c>unique_id</c>.</summary>
    public string UniqueId => (string)Payload["unique_id"]!;
}
