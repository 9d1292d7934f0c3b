using Vedliot.Attestation.Verifier;
using Vedliot.Runtime.Deployment.Protocol;

namespace Vedliot.Runtime.Deployment.Orchestration;

/// <summary>Lets the re-attestation monitor challenge nodes over MQTT.</summary>
internal sealed class MqttAttestationChannel(Func<string, NodeRecord?> nodes, NodeCommands commands) : INodeAttestationChannel
{
    public Task<AttestationEvidence> RequestEvidenceAsync(AttestationChallenge challenge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        return nodes(challenge.NodeId) is { IsOnline: true } node
            ? commands.QuoteAsync(node, challenge, cancellationToken)
            : Task.FromException<AttestationEvidence>(new DeploymentProtocolException($"node '{challenge.NodeId}' is offline"));
    }
}
