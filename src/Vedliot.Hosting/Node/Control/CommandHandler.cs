using Microsoft.Extensions.Logging;
using Vedliot.Attestation.Attester;
using Vedliot.Attestation.Measurement;
using Vedliot.Attestation.Verifier;
using Vedliot.Hosting.Node.Modules;
using Vedliot.Hosting.Node.Stages;
using Vedliot.Messaging.Client;
using Vedliot.Messaging.Packets;
using Vedliot.Messaging.RequestResponse;
using Vedliot.Runtime.Deployment.Protocol;
using Vedliot.Runtime.Partitioning;

namespace Vedliot.Hosting.Node.Control;

/// <summary>
/// Carries out the orchestrator's commands, one at a time, and makes each reply: enrollment and attestation with
/// the node's TPM, stage assignment (fetch, check, measure, load, subscribe) and stage release. The content type
/// of a command says which it is.
/// </summary>
internal sealed class CommandHandler(
    NodeAttester attester,
    SelectedModule module,
    StageTable stages,
    ArtefactFetcher fetcher,
    MqttClient client,
    BrokerPublisher publisher,
    NodeAgentOptions options,
    TimeProvider timeProvider,
    ILogger logger)
{
    private readonly DeploymentTopics _topics = new(options.TopicRoot);

    /// <summary>Carries out <paramref name="command"/> and returns the reply to send.</summary>
    /// <param name="command">A detached command message with a response topic.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The reply.</returns>
    /// <exception cref="Vedliot.Runtime.VedliotException">The command cannot be carried out; the message says why.</exception>
    public Task<MqttApplicationMessage> HandleAsync(MqttApplicationMessage command, CancellationToken cancellationToken) => command.ContentType switch
    {
        ProtocolContentTypes.EnrollBegin => BeginEnrollmentAsync(command, cancellationToken),
        ProtocolContentTypes.EnrollmentChallenge => AnswerEnrollmentAsync(command, cancellationToken),
        ProtocolContentTypes.AttestationChallenge => QuoteAsync(command, cancellationToken),
        ProtocolContentTypes.StageAssignment => AssignAsync(command, cancellationToken),
        ProtocolContentTypes.StageRelease => ReleaseAsync(command, cancellationToken),
        var other => throw new NodeCommandException($"{command.Topic}: unknown command content type '{other ?? "(none)"}'; expected one of {ProtocolContentTypes.EnrollBegin}, {ProtocolContentTypes.EnrollmentChallenge}, {ProtocolContentTypes.AttestationChallenge}, {ProtocolContentTypes.StageAssignment}, {ProtocolContentTypes.StageRelease}"),
    };

    private async Task<MqttApplicationMessage> BeginEnrollmentAsync(MqttApplicationMessage command, CancellationToken cancellationToken)
    {
        var request = await attester.CreateEnrollmentRequestAsync(cancellationToken).ConfigureAwait(false);
        return MqttMessages.ReplyTo(command, AttestationMessageSerializer.Serialize(request), ProtocolContentTypes.EnrollmentRequest);
    }

    private async Task<MqttApplicationMessage> AnswerEnrollmentAsync(MqttApplicationMessage command, CancellationToken cancellationToken)
    {
        var challenge = AttestationMessageSerializer.DeserializeEnrollmentChallenge(command.Payload.Span);
        RequireThisNode(challenge.NodeId, "enrollment challenge");
        var response = await attester.AnswerEnrollmentAsync(challenge, cancellationToken).ConfigureAwait(false);
        return MqttMessages.ReplyTo(command, AttestationMessageSerializer.Serialize(response), ProtocolContentTypes.EnrollmentResponse);
    }

    private async Task<MqttApplicationMessage> QuoteAsync(MqttApplicationMessage command, CancellationToken cancellationToken)
    {
        var challenge = AttestationMessageSerializer.DeserializeAttestationChallenge(command.Payload.Span);
        RequireThisNode(challenge.NodeId, "attestation challenge");
        var evidence = await attester.QuoteAsync(challenge, cancellationToken).ConfigureAwait(false);
        return MqttMessages.ReplyTo(command, AttestationMessageSerializer.Serialize(evidence), ProtocolContentTypes.AttestationEvidence);
    }

    private async Task<MqttApplicationMessage> AssignAsync(MqttApplicationMessage command, CancellationToken cancellationToken)
    {
        var assignment = DeploymentMessages.Read<StageAssignment>(command, ProtocolContentTypes.StageAssignment);
        Check(assignment);
        if (stages.TryGet(assignment.Key, out var held))
        {
            return SameStage(held.Assignment, assignment)
                ? DeploymentMessages.Reply(command, ProtocolContentTypes.StageLoaded, held.Loaded)
                : throw new NodeCommandException($"stage '{assignment.Key}' is already loaded here with partition {held.Assignment.ArtefactDigest} from {held.Assignment.InputTopic} to {held.Assignment.OutputTopic ?? "(last stage)"}, answering on {held.Assignment.AnswerTopic}; release it before assigning it differently");
        }

        // Fetch and check first: a partition whose size or digest differs is neither measured nor loaded.
        var bytes = await fetcher.FetchAsync(assignment, cancellationToken).ConfigureAwait(false);
        var measured = await attester.MeasureAsync(ArtefactType.ModelPartition, assignment.ArtefactName, bytes, cancellationToken).ConfigureAwait(false);
        var partition = ModelPartition.Parse(bytes.Span, assignment.StageIndex, assignment.ArtefactName);
        RequireNames(assignment, "inputs", assignment.InputNames, partition.Inputs.Select(t => t.Name));
        RequireNames(assignment, "outputs", assignment.OutputNames, partition.Outputs.Select(t => t.Name));

        var started = timeProvider.GetTimestamp();
        var session = await Task.Run(() => module.Accelerator.Load(partition), cancellationToken).ConfigureAwait(false);
        var loaded = new StageLoaded(assignment.Key, Convert.ToHexStringLower(measured.Digest.Span), timeProvider.GetElapsedTime(started).TotalMilliseconds, module.Backend);
        var stage = new StageRunner(assignment, loaded, session, module.LatencySource, publisher, options, logger);
        stage.Start();

        // Another stage may read the same input topic already (stage 0 of the pipeline's previous placement): then
        // the node is subscribed and this stage just gets every message too.
        if (stages.Add(stage))
        {
            try
            {
                var subAck = await client.SubscribeAsync(assignment.InputTopic, MqttQualityOfService.AtLeastOnce, cancellationToken).ConfigureAwait(false);
                if (subAck.ReasonCodes.Any(c => (byte)c >= 0x80))
                {
                    throw new NodeCommandException($"stage '{assignment.Key}': the broker refused the subscription to '{assignment.InputTopic}' ({string.Join(", ", subAck.ReasonCodes)})");
                }
            }
            catch
            {
                stages.Remove(stage);
                await stage.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        NodeAgentLog.StageLoaded(logger, loaded.Key, loaded.LoadMs, loaded.Backend, loaded.MeasuredDigest, assignment.InputTopic, assignment.OutputTopic ?? "(none: last stage)", assignment.AnswerTopic);
        return DeploymentMessages.Reply(command, ProtocolContentTypes.StageLoaded, loaded);
    }

    private async Task<MqttApplicationMessage> ReleaseAsync(MqttApplicationMessage command, CancellationToken cancellationToken)
    {
        var release = DeploymentMessages.Read<StageRelease>(command, ProtocolContentTypes.StageRelease);
        if (stages.TryGet(release.Key, out var stage))
        {
            await ReleaseAsync(stage, unsubscribe: true, cancellationToken).ConfigureAwait(false);
        }

        return DeploymentMessages.Reply(command, ProtocolContentTypes.StageRelease, release);
    }

    /// <summary>
    /// Stops a stage (finishing the request being run and its publishes, dropping its queue), unsubscribes its input
    /// unless another stage still reads it, and releases its session.
    /// </summary>
    /// <param name="stage">The stage.</param>
    /// <param name="unsubscribe">Whether to unsubscribe from its input topic when no other stage reads it (not when the node is leaving anyway).</param>
    /// <param name="cancellationToken">When it fires, a result still waiting for the broker is abandoned.</param>
    /// <returns>A task that completes when the stage is released.</returns>
    public async Task ReleaseAsync(StageRunner stage, bool unsubscribe, CancellationToken cancellationToken)
    {
        var last = stages.Remove(stage);
        var dropped = await stage.StopAsync(cancellationToken).ConfigureAwait(false);
        if (unsubscribe && last)
        {
            try
            {
                await client.UnsubscribeAsync([stage.Assignment.InputTopic], cancellationToken).ConfigureAwait(false);
            }
            catch (MqttNotConnectedException)
            {
                // Without a connection there is nothing to unsubscribe from now; a resumed session still holds the
                // subscription, whose messages no stage takes any more (they are dropped).
            }
        }

        var completed = stage.Metrics().Completed;
        await stage.DisposeAsync().ConfigureAwait(false);
        NodeAgentLog.StageReleased(logger, stage.Key, completed, dropped);
    }

    private void RequireThisNode(string nodeId, string what)
    {
        if (nodeId != attester.NodeId)
        {
            throw new NodeCommandException($"the {what} is for node '{nodeId}', this is node '{attester.NodeId}'");
        }
    }

    private void Check(StageAssignment assignment)
    {
        var problem = string.IsNullOrWhiteSpace(assignment.Key) ? "the stage key is empty"
            : assignment.ArtefactDigest.Length != 64 || !assignment.ArtefactDigest.All(char.IsAsciiHexDigit) ? $"artefact digest '{assignment.ArtefactDigest}' is not a SHA-256 (64 hex digits)"
            : assignment.ArtefactBytes <= 0 ? $"artefact size {assignment.ArtefactBytes} is not positive"
            : string.IsNullOrWhiteSpace(assignment.ArtefactName) ? "the artefact name is empty"
            : assignment.StageIndex < 0 ? $"stage index {assignment.StageIndex} is negative"
            : MqttTopic.ValidateTopicName(assignment.InputTopic) is { } input ? $"input topic '{assignment.InputTopic}': {input}"
            : assignment.OutputTopic is { } next && MqttTopic.ValidateTopicName(next) is { } output ? $"output topic '{next}': {output}"
            : assignment.InputTopic == assignment.OutputTopic ? $"input and output topic are both '{assignment.InputTopic}'"
            : MqttTopic.ValidateTopicName(assignment.AnswerTopic) is { } answer ? $"answer topic '{assignment.AnswerTopic}': {answer}"
            : _topics.ReservedSubtreeOf(assignment.AnswerTopic) is { } reserved ? $"answer topic '{assignment.AnswerTopic}' lies in the deployment protocol's subtree {reserved}, where nodes publish no app data"
            : null;
        if (problem is not null)
        {
            throw new NodeCommandException($"stage assignment '{assignment.Key}': {problem}");
        }
    }

    private static bool SameStage(StageAssignment held, StageAssignment wanted) =>
        string.Equals(held.ArtefactDigest, wanted.ArtefactDigest, StringComparison.OrdinalIgnoreCase)
        && held.InputTopic == wanted.InputTopic
        && held.OutputTopic == wanted.OutputTopic
        && held.AnswerTopic == wanted.AnswerTopic;

    private static void RequireNames(StageAssignment assignment, string what, IReadOnlyList<string> assigned, IEnumerable<string> actual)
    {
        var partition = actual.ToList();
        if (!assigned.ToHashSet(StringComparer.Ordinal).SetEquals(partition))
        {
            throw new NodeCommandException($"stage '{assignment.Key}': the assignment names {what} [{string.Join(", ", assigned)}], partition '{assignment.ArtefactName}' has [{string.Join(", ", partition)}]; nothing loaded");
        }
    }
}
