using Vedliot.Attestation.Enrollment;
using Vedliot.Attestation.Verifier;
using Vedliot.Messaging.Packets;
using Vedliot.Runtime.Deployment.Protocol;

namespace Vedliot.Runtime.Deployment.Orchestration;

/// <summary>The orchestrator's commands to one node, each an MQTT 5 request answered on the node's replies topic.</summary>
internal sealed class NodeCommands(DeploymentTopics topics, TimeSpan timeout)
{
    /// <summary>Enrolls the node's TPM: EK certificate chain, then the credential challenge that binds its AK.</summary>
    public async Task<EnrollmentResult> EnrollAsync(NodeRecord node, EnrollmentVerifier enrollment, CancellationToken cancellationToken)
    {
        var requestReply = await SendAsync(node, ProtocolContentTypes.EnrollBegin, DeploymentMessages.Serialize(new { node.NodeId }), cancellationToken).ConfigureAwait(false);
        DeploymentMessages.Expect(requestReply, ProtocolContentTypes.EnrollmentRequest);
        var request = AttestationMessageSerializer.DeserializeEnrollmentRequest(requestReply.Payload.Span);
        if (request.NodeId != node.NodeId)
        {
            return new EnrollmentResult(EnrollmentFailure.MalformedRequest, $"node '{node.NodeId}' sent an enrollment request for '{request.NodeId}'");
        }

        var begun = await enrollment.BeginAsync(request, cancellationToken).ConfigureAwait(false);
        if (!begun.Succeeded)
        {
            return begun;
        }

        var answer = await SendAsync(node, ProtocolContentTypes.EnrollmentChallenge, AttestationMessageSerializer.Serialize(begun.Challenge!), cancellationToken).ConfigureAwait(false);
        DeploymentMessages.Expect(answer, ProtocolContentTypes.EnrollmentResponse);
        return await enrollment.CompleteAsync(AttestationMessageSerializer.DeserializeEnrollmentResponse(answer.Payload.Span), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Asks the node for a quote over <paramref name="challenge"/> with its measurement log.</summary>
    public async Task<AttestationEvidence> QuoteAsync(NodeRecord node, AttestationChallenge challenge, CancellationToken cancellationToken)
    {
        var reply = await SendAsync(node, ProtocolContentTypes.AttestationChallenge, AttestationMessageSerializer.Serialize(challenge), cancellationToken).ConfigureAwait(false);
        DeploymentMessages.Expect(reply, ProtocolContentTypes.AttestationEvidence);
        return AttestationMessageSerializer.DeserializeAttestationEvidence(reply.Payload.Span);
    }

    /// <summary>Challenges the node and verifies its quote; the verifier records the trust state.</summary>
    public async Task<AttestationResult> AttestAsync(NodeRecord node, AttestationVerifier verifier, CancellationToken cancellationToken)
    {
        var challenge = verifier.CreateChallenge(node.NodeId);
        return await verifier.VerifyAsync(await QuoteAsync(node, challenge, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gives the node a stage; it fetches, checks, measures and loads the partition before replying.</summary>
    public async Task<StageLoaded> AssignAsync(NodeRecord node, StageAssignment assignment, CancellationToken cancellationToken)
    {
        var reply = await SendAsync(node, ProtocolContentTypes.StageAssignment, DeploymentMessages.Serialize(assignment), cancellationToken).ConfigureAwait(false);
        return DeploymentMessages.Read<StageLoaded>(reply, ProtocolContentTypes.StageLoaded);
    }

    /// <summary>Takes a stage away from the node.</summary>
    public async Task ReleaseAsync(NodeRecord node, string stageKey, CancellationToken cancellationToken)
    {
        var reply = await SendAsync(node, ProtocolContentTypes.StageRelease, DeploymentMessages.Serialize(new StageRelease(stageKey)), cancellationToken).ConfigureAwait(false);
        DeploymentMessages.Read<StageRelease>(reply, ProtocolContentTypes.StageRelease);
    }

    private async Task<MqttApplicationMessage> SendAsync(NodeRecord node, string contentType, byte[] payload, CancellationToken cancellationToken)
    {
        await node.CommandLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await node.Requester.RequestAsync(
                new MqttApplicationMessage
                {
                    Topic = topics.Control(node.NodeId),
                    Payload = payload,
                    ContentType = contentType,
                    PayloadFormat = MqttPayloadFormat.Utf8,
                    QualityOfService = MqttQualityOfService.AtLeastOnce,
                },
                timeout,
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            node.CommandLock.Release();
        }
    }
}
