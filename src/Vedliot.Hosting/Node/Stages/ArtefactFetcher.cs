using System.Security.Cryptography;
using Vedliot.Hosting.Node.Control;
using Vedliot.Messaging.RequestResponse;
using Vedliot.Runtime.Deployment.Protocol;

namespace Vedliot.Hosting.Node.Stages;

/// <summary>
/// Fetches the partition of an assigned stage from the orchestrator: an <see cref="ArtefactRequest"/> on the
/// node's fetch topic, answered on its artefacts topic with the .onnx bytes (content type
/// <see cref="ProtocolContentTypes.Artefact"/>) or an <see cref="ErrorReply"/>. The bytes are checked against
/// the assignment's size and SHA-256 before anyone sees them.
/// </summary>
/// <param name="requester">Sends requests on the node's client; its response topic is the node's artefacts topic.</param>
/// <param name="topics">The deployment topics.</param>
/// <param name="nodeId">This node.</param>
/// <param name="timeout">How long to wait for the answer.</param>
internal sealed class ArtefactFetcher(MqttRequester requester, DeploymentTopics topics, string nodeId, TimeSpan timeout)
{
    /// <summary>Fetches and checks the partition of <paramref name="assignment"/>.</summary>
    /// <param name="assignment">The stage.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The partition's bytes, whose size and digest match the assignment.</returns>
    /// <exception cref="DeploymentProtocolException">The orchestrator refused, or answered with something else.</exception>
    /// <exception cref="NodeCommandException">The bytes differ in size or digest from the assignment's.</exception>
    /// <exception cref="TimeoutException">No answer in time.</exception>
    public async Task<ReadOnlyMemory<byte>> FetchAsync(StageAssignment assignment, CancellationToken cancellationToken)
    {
        var request = DeploymentMessages.Create(topics.ArtefactRequests(nodeId), ProtocolContentTypes.ArtefactRequest, new ArtefactRequest(assignment.Key, assignment.ArtefactDigest));
        var reply = await requester.RequestAsync(request, timeout, cancellationToken).ConfigureAwait(false);
        DeploymentMessages.Expect(reply, ProtocolContentTypes.Artefact);
        var bytes = reply.Payload;
        if (bytes.Length != assignment.ArtefactBytes)
        {
            throw new NodeCommandException($"stage '{assignment.Key}': artefact '{assignment.ArtefactName}' arrived with {bytes.Length} bytes, the assignment says {assignment.ArtefactBytes}; refused, nothing measured or loaded");
        }

        var digest = Convert.ToHexStringLower(SHA256.HashData(bytes.Span));
        if (!string.Equals(digest, assignment.ArtefactDigest, StringComparison.OrdinalIgnoreCase))
        {
            throw new NodeCommandException($"stage '{assignment.Key}': artefact '{assignment.ArtefactName}' has SHA-256 {digest}, the assignment says {assignment.ArtefactDigest.ToLowerInvariant()}; refused, nothing measured or loaded");
        }

        return bytes;
    }
}
