using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Vedliot.Messaging.Client;
using Vedliot.Messaging.Packets;
using Vedliot.Messaging.RequestResponse;
using Vedliot.Runtime.Deployment.Protocol;
using Vedliot.Runtime.Platform;

namespace Vedliot.Runtime.Deployment.Orchestration;

/// <summary>
/// The nodes the orchestrator has heard of: their latest announcements and health reports, and how to reach them.
/// Every change pulses <see cref="Changed"/>, which discovery and health waits follow.
/// </summary>
internal sealed class NodeRegistry(MqttClient client, DeploymentTopics topics, TimeProvider time, ILogger logger) : IDisposable
{
    private readonly ConcurrentDictionary<string, NodeRecord> _nodes = new(StringComparer.Ordinal);

    public ChangeSignal Changed { get; } = new();

    public IEnumerable<NodeRecord> All => _nodes.Values.OrderBy(n => n.NodeId, StringComparer.Ordinal);

    public IEnumerable<NodeRecord> Online => All.Where(n => n.IsOnline);

    public NodeRecord? Find(string nodeId) => _nodes.GetValueOrDefault(nodeId);

    /// <summary>Records an announcement; returns the change it makes, or null for a cleared or refused one.</summary>
    public NodeChange? OnAnnouncement(MqttApplicationMessage message)
    {
        var nodeId = topics.NodeOf(message.Topic);
        if (nodeId is null || message.Payload.IsEmpty)
        {
            return null; // a cleared retained announcement
        }

        NodeAnnouncement announcement;
        try
        {
            announcement = DeploymentMessages.Read<NodeAnnouncement>(message, ProtocolContentTypes.Announcement);
        }
        catch (DeploymentProtocolException e)
        {
            OrchestratorLog.NodeUntrusted(logger, nodeId, e.Message);
            return null;
        }

        if (announcement.NodeId != nodeId)
        {
            OrchestratorLog.NodeUntrusted(logger, nodeId, $"announced itself as '{announcement.NodeId}'");
            return null;
        }

        var node = _nodes.GetOrAdd(nodeId, id => new NodeRecord(id, new MqttRequester(client, topics.Replies(id), time)));
        var wasOnline = node.IsOnline;
        node.Announcement = announcement;
        if (node.IsOnline && !wasOnline)
        {
            OrchestratorLog.NodeOnline(logger, nodeId, announcement.Module!.Id, announcement.Module.Presence);
        }
        else if (!node.IsOnline && wasOnline)
        {
            OrchestratorLog.NodeOffline(logger, nodeId);
        }

        Changed.Pulse();
        return new NodeChange(node, wasOnline, announcement);
    }

    /// <summary>Records a health report; returns it, or null when unreadable or from an unknown node.</summary>
    public NodeHealth? OnHealth(MqttApplicationMessage message)
    {
        if (topics.NodeOf(message.Topic) is not { } id || !_nodes.TryGetValue(id, out var node))
        {
            return null;
        }

        try
        {
            var health = DeploymentMessages.Read<NodeHealth>(message, ProtocolContentTypes.Health);
            node.Health = health;
            Changed.Pulse();
            return health;
        }
        catch (DeploymentProtocolException e)
        {
            OrchestratorLog.BackgroundFailed(logger, e);
            return null;
        }
    }

    /// <summary>
    /// Waits for the expected nodes, or (without expected nodes) until no new one came for the quiet period; at most
    /// the discovery timeout, after which it places on those that came.
    /// </summary>
    /// <exception cref="VedliotException">No node at all announced itself in time.</exception>
    public async Task DiscoverAsync(OrchestratorOptions options, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        bool Complete() => options.ExpectedNodes.Count > 0 && options.ExpectedNodes.IsSubsetOf(Online.Select(n => n.NodeId));
        while (time.GetElapsedTime(started) < options.DiscoveryTimeout)
        {
            var left = options.DiscoveryTimeout - time.GetElapsedTime(started);
            if (options.ExpectedNodes.Count > 0)
            {
                if (await Changed.WaitUntilAsync(Complete, left, time, cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }
            else if (Online.Any())
            {
                // Quiet: no change within the quiet period.
                var count = Online.Count();
                var changed = await Changed.WaitUntilAsync(() => Online.Count() != count, TimeSpan.FromTicks(Math.Min(options.DiscoveryQuietPeriod.Ticks, left.Ticks)), time, cancellationToken).ConfigureAwait(false);
                if (!changed)
                {
                    return;
                }
            }
            else
            {
                await Changed.WaitUntilAsync(() => Online.Any(), left, time, cancellationToken).ConfigureAwait(false);
            }
        }

        if (!Online.Any())
        {
            throw new VedliotException($"no node announced itself on '{topics.AnnouncementFilter}' within {options.DiscoveryTimeout.TotalSeconds:0} s; start node agents pointing at this broker");
        }
    }

    /// <summary>Waits (at most <paramref name="timeout"/>) until each online node of <paramref name="nodeIds"/> has reported its health since <paramref name="since"/>.</summary>
    public Task WaitForHealthAsync(IReadOnlyCollection<string> nodeIds, DateTimeOffset since, TimeSpan timeout, CancellationToken cancellationToken) =>
        Changed.WaitUntilAsync(() => nodeIds.All(id => Find(id) is not { IsOnline: true } node || node.Health?.Time >= since), timeout, time, cancellationToken);

    /// <summary>The inventory of the nodes <paramref name="usable"/> accepts, joined by the descriptor's links (or the default link).</summary>
    public Inventory Inventory(Func<NodeRecord, bool> usable, Platform.Platform? platform, Link defaultLink)
    {
        var nodes = Online.Where(usable).ToList();
        var modules = nodes.Select(n => n.Announcement!.Module! with { Id = n.NodeId }).ToList();
        var links = new List<Link>();
        for (var a = 0; a < nodes.Count; a++)
        {
            for (var b = a + 1; b < nodes.Count; b++)
            {
                var (first, second) = (nodes[a].Announcement!.Module!.Id, nodes[b].Announcement!.Module!.Id);
                var link = platform?.Links.FirstOrDefault(l => l.Joins(first, second)) ?? defaultLink;
                links.Add(link with { From = nodes[a].NodeId, To = nodes[b].NodeId });
            }
        }

        return new Inventory(modules, links);
    }

    public void Dispose()
    {
        foreach (var node in _nodes.Values)
        {
            node.Dispose();
        }
    }
}

/// <summary>What an announcement changed.</summary>
/// <param name="Node">The node.</param>
/// <param name="WasOnline">Whether it was online before.</param>
/// <param name="Announcement">What it announced.</param>
internal sealed record NodeChange(NodeRecord Node, bool WasOnline, NodeAnnouncement Announcement);
