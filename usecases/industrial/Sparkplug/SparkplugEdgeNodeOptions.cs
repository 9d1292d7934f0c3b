using Vedliot.Messaging.Client;

namespace Vedliot.UseCases.Industrial.Sparkplug;

/// <summary>Who the edge node is, which motors it reports, which broker it talks to and whose STATE it follows.</summary>
public sealed record SparkplugEdgeNodeOptions
{
    /// <summary>The broker connection; its will, clean start and reconnection are set by the edge node (Sparkplug needs its own).</summary>
    public required MqttClientOptions Broker { get; init; }

    /// <summary>The edge node's own MQTT client id, when it shares <see cref="Broker"/> with another client of that id; null takes the broker options' id.</summary>
    public string? ClientId { get; init; }

    /// <summary>The Sparkplug group id.</summary>
    public required string GroupId { get; init; }

    /// <summary>The edge node id.</summary>
    public required string EdgeNodeId { get; init; }

    /// <summary>The motors, as Sparkplug device ids.</summary>
    public required IReadOnlyList<string> Devices { get; init; }

    /// <summary>The primary host application's id: the node births only while its STATE says online. Null: births at once.</summary>
    public string? PrimaryHostId { get; init; }

    /// <summary>Clock for payload and metric timestamps.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Checks the ids: non-empty, and none of '/', '+', '#' (Sparkplug 3.0 §4.1.1).</summary>
    /// <exception cref="ArgumentException">An id is not valid; the message names it.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Broker);
        foreach (var (name, id) in new[] { (nameof(GroupId), GroupId), (nameof(EdgeNodeId), EdgeNodeId), (nameof(PrimaryHostId), PrimaryHostId ?? "host") }.Concat(Devices.Select(d => (nameof(Devices), d))))
        {
            if (string.IsNullOrEmpty(id) || id.IndexOfAny(['/', '+', '#']) >= 0)
            {
                throw new ArgumentException($"{name} '{id}': a Sparkplug id is non-empty and holds none of '/', '+', '#'", name);
            }
        }

        if (Devices.Count is 0 or > 99 || Devices.Distinct(StringComparer.Ordinal).Count() != Devices.Count)
        {
            throw new ArgumentException($"Devices: 1–99 distinct ids, not [{string.Join(", ", Devices)}]", nameof(Devices));
        }
    }
}
