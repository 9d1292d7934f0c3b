using Vedliot.Attestation.Verifier;
using Vedliot.Messaging.RequestResponse;
using Vedliot.Runtime.Deployment.Protocol;

namespace Vedliot.Runtime.Deployment.Orchestration;

/// <summary>What the orchestrator knows of one node: its latest announcement and health, and how to reach it.</summary>
internal sealed class NodeRecord(string nodeId, MqttRequester requester) : IDisposable
{
    private volatile NodeAnnouncement? _announcement;
    private volatile NodeHealth? _health;

    public string NodeId { get; } = nodeId;

    /// <summary>Sends commands to the node; replies arrive on its replies topic.</summary>
    public MqttRequester Requester { get; } = requester;

    public NodeAnnouncement? Announcement { get => _announcement; set => _announcement = value; }

    public NodeHealth? Health { get => _health; set => _health = value; }

    public bool IsOnline => Announcement is { State: NodeState.Online, Module: not null };

    /// <summary>Enrolled and attested at least once by this orchestrator (trust itself lives in the verifier).</summary>
    public bool Admitted { get; set; }

    /// <summary>Serialises commands to the node: it handles one at a time anyway, and a quote must not interleave with a stage load.</summary>
    public SemaphoreSlim CommandLock { get; } = new(1, 1);

    public TrustState Trust(AttestationVerifier verifier) => verifier.GetTrustState(NodeId);

    public void Dispose()
    {
        Requester.Dispose();
        CommandLock.Dispose();
    }
}
