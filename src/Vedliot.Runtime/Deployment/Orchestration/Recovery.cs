using Microsoft.Extensions.Logging;
using Vedliot.Attestation.Verifier;

namespace Vedliot.Runtime.Deployment.Orchestration;

/// <summary>
/// Keeps a running deployment alive: a node whose will message arrives, that restarts without its stages or that
/// fails re-attestation loses its stages, which are re-placed on the remaining usable nodes; a node that comes back
/// is admitted again and the pipelines that found no place are tried again. Each reaction runs on the control loop.
/// </summary>
internal sealed class Recovery(IReadOnlyList<PipelineDeployment> pipelines, Admission admission, PlacementController placement, NoticeBoard notices, Action statusChanged, ControlLoop control, ILogger logger)
{
    /// <summary>Reacts to a node's new announcement.</summary>
    public void OnNodeChanged(NodeChange change)
    {
        var node = change.Node;
        if (!node.IsOnline)
        {
            if (change.WasOnline)
            {
                control.Enqueue(ct => LoseNodeAsync(node, "its will message arrived (connection lost)", ct));
            }

            return;
        }

        // A node that restarted lost its stages (and its TPM measurements): take it in again from scratch.
        var missing = pipelines.Any(p => p.Active is { } active
            && active.Plan.Stages.Select((s, i) => (s, i)).Any(x => x.s.NodeId == node.NodeId && !change.Announcement.Stages.Contains(p.StageKey(active.Generation, x.i))));
        if (missing)
        {
            control.Enqueue(ct => LoseNodeAsync(node, "it restarted without its stages", ct));
        }
        else if (!change.WasOnline && !node.Admitted)
        {
            control.Enqueue(ct => ReadmitAsync(node, ct));
        }
    }

    /// <summary>Reacts to a node that failed re-attestation.</summary>
    public void OnRevoked(NodeRecord node, string detail) =>
        control.Enqueue(ct => LoseNodeAsync(node, $"it failed re-attestation: {detail}", ct));

    /// <summary>After a reconnection: a restarted broker lost the retained notices (apps' clients send their requests again themselves).</summary>
    public void OnReconnected()
    {
        OrchestratorLog.Reconnected(logger);
        control.Enqueue(async ct =>
        {
            foreach (var pipeline in pipelines)
            {
                await notices.PublishAsync(pipeline, ct).ConfigureAwait(false);
            }

            statusChanged();
        });
    }

    private async Task LoseNodeAsync(NodeRecord node, string reason, CancellationToken cancellationToken)
    {
        admission.Dismiss(node);
        foreach (var pipeline in pipelines.Where(p => p.Uses(node.NodeId)))
        {
            OrchestratorLog.Replacing(logger, pipeline.Spec.Name, $"node '{node.NodeId}' is lost: {reason}");
            await placement.PlaceAsync(pipeline, cancellationToken).ConfigureAwait(false);
        }

        if (node.IsOnline && admission.Trust(node) != TrustState.Untrusted)
        {
            await ReadmitAsync(node, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ReadmitAsync(NodeRecord node, CancellationToken cancellationToken)
    {
        await admission.ReadmitAsync(node, cancellationToken).ConfigureAwait(false);
        foreach (var pipeline in pipelines.Where(p => p.Active is null))
        {
            await placement.PlaceAsync(pipeline, cancellationToken).ConfigureAwait(false);
        }
    }
}
