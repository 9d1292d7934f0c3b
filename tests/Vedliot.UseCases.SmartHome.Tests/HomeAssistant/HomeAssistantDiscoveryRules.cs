using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Vedliot.UseCases.SmartHome.HomeAssistant;

namespace Vedliot.UseCases.SmartHome.Tests.HomeAssistant;

/// <summary>
/// Home Assistant's MQTT discovery rules as its documentation states them (home-assistant.io: integrations/mqtt,
/// "MQTT Discovery"; binary_sensor.mqtt, sensor.mqtt, event.mqtt; integrations/sensor, "Device class"), written as
/// data, and a check of one config against them. Home Assistant cannot be installed here, so this is its stand-in.
/// </summary>
public static partial class HomeAssistantDiscoveryRules
{
    /// <summary>"Supported abbreviations" (the entries for the keys these components, devices and origins take).</summary>
    public static IReadOnlyDictionary<string, string> Abbreviations { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["avty"] = "availability",
        ["avty_mode"] = "availability_mode",
        ["avty_t"] = "availability_topic",
        ["avty_tpl"] = "availability_template",
        ["dev"] = "device",
        ["dev_cla"] = "device_class",
        ["e"] = "encoding",
        ["en"] = "enabled_by_default",
        ["ent_cat"] = "entity_category",
        ["ent_pic"] = "entity_picture",
        ["evt_typ"] = "event_types",
        ["exp_aft"] = "expire_after",
        ["frc_upd"] = "force_update",
        ["ic"] = "icon",
        ["json_attr_t"] = "json_attributes_topic",
        ["json_attr_tpl"] = "json_attributes_template",
        ["lrst_val_tpl"] = "last_reset_value_template",
        ["o"] = "origin",
        ["obj_id"] = "object_id",
        ["def_ent_id"] = "default_entity_id",
        ["off_dly"] = "off_delay",
        ["p"] = "platform",
        ["pl_avail"] = "payload_available",
        ["pl_not_avail"] = "payload_not_available",
        ["pl_off"] = "payload_off",
        ["pl_on"] = "payload_on",
        ["stat_cla"] = "state_class",
        ["stat_t"] = "state_topic",
        ["sug_dsp_prc"] = "suggested_display_precision",
        ["t"] = "topic",
        ["uniq_id"] = "unique_id",
        ["unit_of_meas"] = "unit_of_measurement",
        ["val_tpl"] = "value_template",
    };

    /// <summary>"Supported abbreviations for device registry configuration" and for the origin.</summary>
    public static IReadOnlyDictionary<string, string> DeviceAbbreviations { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["cu"] = "configuration_url",
        ["cns"] = "connections",
        ["ids"] = "identifiers",
        ["mf"] = "manufacturer",
        ["mdl"] = "model",
        ["mdl_id"] = "model_id",
        ["hw"] = "hw_version",
        ["sw"] = "sw_version",
        ["sa"] = "suggested_area",
        ["sn"] = "serial_number",
        ["url"] = "support_url",
    };

    /// <summary>Options every MQTT entity takes (availability, device, naming, attributes).</summary>
    private static readonly string[] EntityKeys =
    [
        "availability", "availability_mode", "availability_template", "availability_topic", "device", "enabled_by_default", "encoding",
        "entity_category", "entity_picture", "icon", "json_attributes_template", "json_attributes_topic", "name", "object_id", "default_entity_id",
        "origin", "payload_available", "payload_not_available", "platform", "qos", "unique_id",
    ];

    /// <summary>Per component: the options it takes besides <see cref="EntityKeys"/>, and those it requires.</summary>
    public static IReadOnlyDictionary<HomeAssistantComponent, (string[] Keys, string[] Required)> Components { get; } = new Dictionary<HomeAssistantComponent, (string[], string[])>
    {
        [HomeAssistantComponent.BinarySensor] = (["device_class", "expire_after", "force_update", "off_delay", "payload_off", "payload_on", "state_topic", "value_template"], ["state_topic"]),
        [HomeAssistantComponent.Sensor] = (["device_class", "expire_after", "force_update", "last_reset_value_template", "options", "suggested_display_precision", "state_class", "state_topic", "unit_of_measurement", "value_template"], ["state_topic"]),
        [HomeAssistantComponent.Event] = (["device_class", "event_types", "state_topic", "value_template"], ["state_topic", "event_types"]),
    };

    /// <summary>The device mapping's options; it needs <c>identifiers</c> or <c>connections</c>, and a <c>name</c>.</summary>
    private static readonly string[] DeviceKeys = ["configuration_url", "connections", "hw_version", "identifiers", "manufacturer", "model", "model_id", "name", "serial_number", "suggested_area", "sw_version", "via_device"];

    /// <summary>The origin mapping's options; <c>name</c> is required.</summary>
    private static readonly string[] OriginKeys = ["name", "sw_version", "support_url"];

    /// <summary>An availability entry's options; <c>topic</c> is required.</summary>
    private static readonly string[] AvailabilityKeys = ["payload_available", "payload_not_available", "topic", "value_template"];

    /// <summary>Units per sensor device class ("Device class": duration, energy) and the state classes they allow.</summary>
    public static IReadOnlyDictionary<string, (string[] Units, string[] StateClasses)> SensorDeviceClasses { get; } = new Dictionary<string, (string[], string[])>(StringComparer.Ordinal)
    {
        ["duration"] = (["d", "h", "min", "s", "ms"], ["measurement", "total", "total_increasing"]),
        ["energy"] = (["J", "kJ", "MJ", "GJ", "mWh", "Wh", "kWh", "MWh", "GWh", "TWh", "cal", "kcal", "Mcal", "Gcal"], ["total", "total_increasing"]),
    };

    /// <summary>Binary sensor device classes ("Device class" of binary_sensor), the ones that apply to a listening device.</summary>
    private static readonly string[] BinarySensorDeviceClasses = ["occupancy", "presence", "running", "sound", "vibration"];

    private static readonly string[] StateClasses = ["measurement", "total", "total_increasing"];
    private static readonly string[] AvailabilityModes = ["all", "any", "latest"];

    /// <summary>Default availability payloads.</summary>
    public const string DefaultAvailable = "online";

    /// <summary>Default non-availability payload.</summary>
    public const string DefaultNotAvailable = "offline";

    /// <summary>Expands abbreviated keys (top level, device, origin, availability entries) to their full names.</summary>
    public static JsonObject Expand(JsonObject payload)
    {
        var expanded = ExpandKeys(payload, Abbreviations);
        foreach (var key in new[] { "device", "origin" })
        {
            if (expanded[key] is JsonObject mapping)
            {
                expanded[key] = ExpandKeys(mapping, DeviceAbbreviations);
            }
        }

        if (expanded["availability"] is JsonArray entries)
        {
            expanded["availability"] = new JsonArray([.. entries.Select(e => (JsonNode)ExpandKeys(e!.AsObject(), Abbreviations))]);
        }

        return expanded;
    }

    /// <summary>Every rule one config breaks, as sentences (none when it follows them all).</summary>
    public static IReadOnlyList<string> Violations(DiscoveryConfig config, string discoveryPrefix = "homeassistant")
    {
        var problems = new List<string>();
        var match = Topic().Match(config.Topic);
        if (!match.Success || match.Groups["prefix"].Value != discoveryPrefix || match.Groups["component"].Value != config.Component.TopicName())
        {
            problems.Add($"topic '{config.Topic}' is not <{discoveryPrefix}>/<{config.Component.TopicName()}>/[<node_id>/]<object_id>/config with ids of [a-zA-Z0-9_-]");
        }

        JsonObject payload;
        try
        {
            payload = Expand(config.Payload);
        }
        catch (ArgumentException e)
        {
            return [.. problems, $"a key is given both abbreviated and in full: {e.Message}"];
        }

        var (keys, required) = Components[config.Component];
        problems.AddRange(payload.Select(p => p.Key).Where(k => !EntityKeys.Contains(k) && !keys.Contains(k)).Select(k => $"'{k}' is not an option of {config.Component.TopicName()} (Home Assistant would ignore it)"));
        problems.AddRange(required.Where(k => payload[k] is null).Select(k => $"required option '{k}' is missing"));
        if (payload["unique_id"] is null)
        {
            problems.Add("no unique_id: the device registry needs one");
        }

        if (payload["device"] is not JsonObject device)
        {
            problems.Add("no device mapping");
        }
        else
        {
            problems.AddRange(device.Select(p => p.Key).Where(k => !DeviceKeys.Contains(k)).Select(k => $"device option '{k}' is unknown"));
            if (device["identifiers"] is null && device["connections"] is null)
            {
                problems.Add("the device has neither identifiers nor connections");
            }

            if (device["name"] is null)
            {
                problems.Add("the device has no name");
            }
        }

        if (payload["origin"] is not JsonObject origin || origin["name"] is null)
        {
            problems.Add("no origin with a name");
        }
        else
        {
            problems.AddRange(origin.Select(p => p.Key).Where(k => !OriginKeys.Contains(k)).Select(k => $"origin option '{k}' is unknown"));
        }

        if (payload["availability"] is JsonArray availability)
        {
            if (payload["availability_topic"] is not null)
            {
                problems.Add("availability and availability_topic must not be used together");
            }

            foreach (var entry in availability.Select(a => a!.AsObject()))
            {
                problems.AddRange(entry.Select(p => p.Key).Where(k => !AvailabilityKeys.Contains(k)).Select(k => $"availability option '{k}' is unknown"));
                if (entry["topic"] is null)
                {
                    problems.Add("an availability entry has no topic");
                }
            }
        }

        if (payload["availability_mode"] is { } mode && !AvailabilityModes.Contains((string)mode!))
        {
            problems.Add($"availability_mode '{mode}' is not all, any or latest");
        }

        problems.AddRange(ComponentRules(config.Component, payload));
        return problems;
    }

    private static IEnumerable<string> ComponentRules(HomeAssistantComponent component, JsonObject payload)
    {
        var deviceClass = (string?)payload["device_class"];
        switch (component)
        {
            case HomeAssistantComponent.BinarySensor:
                if (deviceClass is not null && !BinarySensorDeviceClasses.Contains(deviceClass))
                {
                    yield return $"binary_sensor device class '{deviceClass}' is not one listed";
                }

                if (payload["off_delay"] is { } delay && (delay.GetValueKind() != System.Text.Json.JsonValueKind.Number || (int)delay <= 0))
                {
                    yield return "off_delay is not a positive number of seconds";
                }

                break;
            case HomeAssistantComponent.Sensor:
                var stateClass = (string?)payload["state_class"];
                if (stateClass is not null && !StateClasses.Contains(stateClass))
                {
                    yield return $"state_class '{stateClass}' is not measurement, total or total_increasing";
                }

                if (deviceClass is not null)
                {
                    if (!SensorDeviceClasses.TryGetValue(deviceClass, out var rule))
                    {
                        yield return $"sensor device class '{deviceClass}' is not one this check knows";
                    }
                    else
                    {
                        var unit = (string?)payload["unit_of_measurement"];
                        if (unit is null || !rule.Units.Contains(unit))
                        {
                            yield return $"unit '{unit}' is not one of device class {deviceClass}'s: {string.Join(", ", rule.Units)}";
                        }

                        if (stateClass is null || !rule.StateClasses.Contains(stateClass))
                        {
                            yield return $"state_class '{stateClass}' is not allowed with device class {deviceClass}: {string.Join(", ", rule.StateClasses)}";
                        }
                    }
                }

                break;
            case HomeAssistantComponent.Event:
                if (payload["event_types"] is not JsonArray types || types.Count == 0)
                {
                    yield return "event_types is not a non-empty list";
                }

                break;
        }
    }

    private static JsonObject ExpandKeys(JsonObject mapping, IReadOnlyDictionary<string, string> abbreviations)
    {
        var expanded = new JsonObject();
        foreach (var (key, value) in mapping)
        {
            expanded.Add(abbreviations.GetValueOrDefault(key, key), value?.DeepClone());
        }

        return expanded;
    }

    [GeneratedRegex("^(?<prefix>[^/]+)/(?<component>[a-z_]+)/([a-zA-Z0-9_-]+/)?[a-zA-Z0-9_-]+/config$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Topic();
}
