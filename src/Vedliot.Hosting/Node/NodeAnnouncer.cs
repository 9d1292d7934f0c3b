using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Vedliot.Hosting.Node.Stages;
using Vedliot.Messaging.Packets;
using Vedliot.Runtime.Deployment.Protocol;
using Vedliot.Runtime.Platform;

namespace Vedliot.Hosting.Node;

/// <summary>
/// The node's retained announcement: what it is (module, agent, TPM, host) and, while online, which stages it holds.
/// Makes the online and offline messages (the offline one is the connection's will) and publishes the online one
/// whenever asked (after a reconnect, after a change of stages); requests that pile up meanwhile coalesce into one.
/// </summary>
internal sealed class NodeAnnouncer(string nodeId, Module module, AgentIdentity identity, string tpmDescription, StageTable stages, DeploymentTopics topics, ILogger logger)
{
    private readonly Channel<bool> _requests = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    /// <summary>The retained announcement message of <paramref name="state"/>.</summary>
    /// <param name="state">Online or offline.</param>
    /// <returns>The message (QoS 1, retained).</returns>
    public MqttApplicationMessage Message(NodeState state) =>
        DeploymentMessages.Create(topics.Announcement(nodeId), ProtocolContentTypes.Announcement, Announcement(state), retain: true);

    /// <summary>Asks for the online announcement to be published again (returns at once).</summary>
    public void Request() => _requests.Writer.TryWrite(true);

    /// <summary>Takes no more requests; <see cref="RunAsync"/> then ends.</summary>
    public void Complete() => _requests.Writer.TryComplete();

    /// <summary>Publishes the online announcement now.</summary>
    /// <param name="publisher">Publishes it.</param>
    /// <param name="cancellationToken">Gives up waiting for the broker.</param>
    /// <returns>A task that completes when the broker took (or refused) it.</returns>
    public async Task AnnounceAsync(BrokerPublisher publisher, CancellationToken cancellationToken)
    {
        var announcement = Message(NodeState.Online);
        var result = await publisher.PublishAsync(announcement, cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            NodeAgentLog.PublishRefused(logger, announcement.Topic, result.ReasonCode, result.ReasonString);
            return;
        }

        NodeAgentLog.Announced(logger, NodeState.Online, stages.Keys.Count);
    }

    /// <summary>Publishes the online announcement on every request until <see cref="Complete"/> or cancellation.</summary>
    /// <param name="publisher">Publishes it.</param>
    /// <param name="stoppingToken">Fires when the node stops.</param>
    /// <returns>A task that completes when no more requests come.</returns>
    public async Task RunAsync(BrokerPublisher publisher, CancellationToken stoppingToken)
    {
        await foreach (var _ in _requests.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            await AnnounceAsync(publisher, stoppingToken).ConfigureAwait(false);
        }
    }

    private NodeAnnouncement Announcement(NodeState state) => new(
        nodeId,
        state,
        module,
        identity.Version,
        identity.Digest,
        tpmDescription,
        Environment.MachineName,
        state == NodeState.Online ? stages.Keys : []);
}
