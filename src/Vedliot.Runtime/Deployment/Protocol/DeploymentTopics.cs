using System.Globalization;

namespace Vedliot.Runtime.Deployment.Protocol;

/// <summary>
/// The topic tree that node agents and the orchestrator share, under one root (default <c>vedliot</c>).
/// Everything a node publishes lies under <c>{root}/nodes/{node}/</c>, so a broker ACL with the pattern
/// <c>{root}/nodes/%u/#</c> lets each node speak only for itself; the orchestrator learns who sent a
/// message from its topic.
/// </summary>
/// <param name="Root">The first topic level(s), without a trailing slash.</param>
public sealed record DeploymentTopics(string Root = "vedliot")
{
    /// <summary>Retained <see cref="NodeAnnouncement"/> of a node (its will message replaces it with an offline one).</summary>
    public string Announcement(string nodeId) => $"{Root}/nodes/{nodeId}/announce";

    /// <summary>Every node's announcement.</summary>
    public string AnnouncementFilter => $"{Root}/nodes/+/announce";

    /// <summary>Commands to a node (MQTT 5 requests carrying a response topic and correlation data).</summary>
    public string Control(string nodeId) => $"{Root}/nodes/{nodeId}/control";

    /// <summary>A node's replies to the orchestrator's commands.</summary>
    public string Replies(string nodeId) => $"{Root}/nodes/{nodeId}/replies";

    /// <summary>Every node's replies.</summary>
    public string RepliesFilter => $"{Root}/nodes/+/replies";

    /// <summary>A node's requests for an artefact (a model partition) it was assigned.</summary>
    public string ArtefactRequests(string nodeId) => $"{Root}/nodes/{nodeId}/fetch";

    /// <summary>Every node's artefact requests.</summary>
    public string ArtefactRequestsFilter => $"{Root}/nodes/+/fetch";

    /// <summary>Where the orchestrator answers a node's artefact requests.</summary>
    public string Artefacts(string nodeId) => $"{Root}/nodes/{nodeId}/artefacts";

    /// <summary>A node's periodic <see cref="NodeHealth"/>.</summary>
    public string Health(string nodeId) => $"{Root}/nodes/{nodeId}/health";

    /// <summary>Every node's health reports.</summary>
    public string HealthFilter => $"{Root}/nodes/+/health";

    /// <summary>
    /// Input of a pipeline's stage. The generation counts placements of the pipeline, so that a stage of a
    /// replaced placement never receives the new placement's traffic.
    /// </summary>
    public string StageInput(string pipeline, int generation, int stageIndex) =>
        string.Create(CultureInfo.InvariantCulture, $"{Root}/pipelines/{pipeline}/g{generation}/stage/{stageIndex}");

    /// <summary>The retained <see cref="Pipelines.PipelineNotice"/> of a pipeline, which apps' clients follow.</summary>
    public string Notice(string pipeline) => Pipelines.PipelineNotices.Topic(Root, pipeline);

    /// <summary>Retained <see cref="DeploymentStatus"/> of a use case's deployment.</summary>
    public string Status(string useCase) => $"{Root}/deployments/{useCase}/status";

    /// <summary>Every deployment's status.</summary>
    public string StatusFilter => $"{Root}/deployments/+/status";

    /// <summary>The node id in a topic under <c>{root}/nodes/</c>, or null.</summary>
    public string? NodeOf(string topic)
    {
        var prefix = Root + "/nodes/";
        if (!topic.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var end = topic.IndexOf('/', prefix.Length);
        return end < 0 ? null : topic[prefix.Length..end];
    }

    /// <summary>
    /// The protocol subtree <paramref name="topic"/> lies in (<c>{root}/nodes/</c>, <c>{root}/pipelines/</c> or
    /// <c>{root}/deployments/</c>), or null. The orchestrator and the agents subscribe there, so an
    /// application topic inside one would be read as protocol traffic.
    /// </summary>
    public string? ReservedSubtreeOf(string topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        foreach (var level in (ReadOnlySpan<string>)["nodes", "pipelines", "deployments"])
        {
            var subtree = $"{Root}/{level}";
            if (topic == subtree || topic.StartsWith(subtree + "/", StringComparison.Ordinal))
            {
                return subtree + "/";
            }
        }

        return null;
    }
}
