using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Vedliot.Attestation.Verifier;
using Vedliot.Messaging.Client;
using Vedliot.Messaging.Packets;
using Vedliot.Messaging.RequestResponse;
using Vedliot.Runtime.Deployment.Protocol;

namespace Vedliot.Runtime.Deployment.Orchestration;

/// <summary>
/// Answers nodes' requests for partitions. A node gets a partition only while it is attested and only
/// the partition of a stage it was assigned; every other request is refused with the reason.
/// </summary>
internal sealed class ArtefactServer(MqttClient client, DeploymentTopics topics, AttestationVerifier verifier, ILogger logger)
{
    private readonly ConcurrentDictionary<(string Node, string Key), PlannedStage> _offered = new();

    /// <summary>Makes <paramref name="stage"/>'s partition available to its node under <paramref name="key"/>.</summary>
    public void Offer(string key, PlannedStage stage) => _offered[(stage.NodeId, key)] = stage;

    /// <summary>Withdraws what was offered to <paramref name="nodeId"/> under <paramref name="key"/>.</summary>
    public void Withdraw(string nodeId, string key) => _offered.TryRemove((nodeId, key), out _);

    /// <summary>Answers one request (a detached message from a node's fetch topic).</summary>
    public Task ServeAsync(MqttApplicationMessage request, CancellationToken cancellationToken)
    {
        var nodeId = topics.NodeOf(request.Topic);
        if (nodeId is null || string.IsNullOrEmpty(request.ResponseTopic))
        {
            return Task.CompletedTask; // nobody to answer
        }

        string? refusal;
        PlannedStage? stage = null;
        try
        {
            var wanted = DeploymentMessages.Read<ArtefactRequest>(request, ProtocolContentTypes.ArtefactRequest);
            refusal = verifier.GetTrustState(nodeId) != TrustState.Trusted
                ? $"node '{nodeId}' is not attested; it receives no partition"
                : !_offered.TryGetValue((nodeId, wanted.Key), out stage)
                    ? $"stage '{wanted.Key}' is not assigned to node '{nodeId}'"
                    : !string.Equals(stage.Digest, wanted.Digest, StringComparison.OrdinalIgnoreCase)
                        ? $"stage '{wanted.Key}' has partition digest {stage.Digest}, not {wanted.Digest}"
                        : null;
        }
        catch (DeploymentProtocolException e)
        {
            refusal = e.Message;
        }

        if (refusal is not null)
        {
            OrchestratorLog.ArtefactRefused(logger, nodeId, refusal);
            return client.PublishAsync(DeploymentMessages.ReplyError(request, refusal), cancellationToken);
        }

        return client.PublishAsync(MqttMessages.ReplyTo(request, stage!.Artefact, ProtocolContentTypes.Artefact), cancellationToken);
    }
}
