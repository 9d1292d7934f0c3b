using Microsoft.Extensions.Logging;
using Vedliot.Attestation.Verifier;
using Vedliot.Messaging.RequestResponse;
using Vedliot.Runtime.Deployment.Protocol;

namespace Vedliot.Runtime.Deployment.Orchestration;

/// <summary>
/// Places pipelines on the usable nodes, starts each placement (ships every stage's partition to its attested node and
/// checks the node's measurement of it), tells apps through the pipeline's notice, and releases the placement it
/// replaces. Runs on the orchestrator's control loop only, one placement at a time.
/// </summary>
internal sealed class PlacementController(
    NodeRegistry registry,
    Admission admission,
    NodeCommands commands,
    ArtefactServer artefacts,
    PipelinePlanner planner,
    NoticeBoard notices,
    Platform.Platform? platform,
    OrchestratorOptions options,
    ILogger logger)
{
    private const int NodesLeftOutAtMost = 3;

    /// <summary>Raised after each change of a pipeline's placement or condition.</summary>
    public event Action? Changed;

    /// <summary>
    /// Places the pipeline and starts the new placement; the previous one (if any) is released once the new one runs.
    /// A node that fails to take its stage is left out and the placement made again.
    /// </summary>
    /// <returns>Whether the pipeline runs.</returns>
    public async Task<bool> PlaceAsync(PipelineDeployment pipeline, CancellationToken cancellationToken)
    {
        var previous = pipeline.Active;
        await SetConditionAsync(pipeline, PipelineCondition.Placing, cancellationToken).ConfigureAwait(false);
        var leftOut = new HashSet<string>(StringComparer.Ordinal);
        var condition = PipelineCondition.Stalled("no attested node is online");
        for (var attempt = 0; attempt < NodesLeftOutAtMost; attempt++)
        {
            var inventory = registry.Inventory(n => admission.IsUsable(n) && !leftOut.Contains(n.NodeId), platform, options.DefaultLink);
            if (inventory.Modules.Count == 0)
            {
                break;
            }

            PlannedPipeline planned;
            try
            {
                planned = await Task.Run(() => planner.PlanAsync(pipeline.Spec, pipeline.Graph, inventory, _ => true, cancellationToken), cancellationToken).ConfigureAwait(false);
            }
            catch (VedliotException e)
            {
                condition = PipelineCondition.Stalled(e.Message);
                break;
            }

            var generation = pipeline.BeginGeneration();
            admission.AllowPartitions(planned.Stages.Select(s => s.Digest));
            var failed = await StartAsync(pipeline, planned, generation, cancellationToken).ConfigureAwait(false);
            if (failed is null)
            {
                pipeline.Active = new ActivePlacement(planned, generation);
                pipeline.Account.AddLastStage(pipeline.StageKey(generation, planned.Stages.Count - 1));
                await SetConditionAsync(pipeline, PipelineCondition.Running, cancellationToken).ConfigureAwait(false);
                OrchestratorLog.Placed(logger, pipeline.Spec.Name, generation, planned);
                if (previous is not null)
                {
                    await ReleaseAsync(pipeline, previous, cancellationToken).ConfigureAwait(false);
                }

                return true;
            }

            leftOut.Add(failed.Value.NodeId);
            condition = PipelineCondition.Stalled($"node '{failed.Value.NodeId}' could not take its stage: {failed.Value.Reason}");
        }

        // Nothing runs it now: the previous placement lost a node, or never was.
        pipeline.Active = null;
        OrchestratorLog.PlacementFailed(logger, pipeline.Spec.Name, condition.Reason);
        await SetConditionAsync(pipeline, condition, cancellationToken).ConfigureAwait(false);
        if (previous is not null)
        {
            await ReleaseAsync(pipeline, previous, cancellationToken).ConfigureAwait(false);
        }

        return false;
    }

    /// <summary>Takes the stages of a placement from index <paramref name="from"/> on back from their nodes (nodes that are offline have lost them already).</summary>
    public async Task ReleaseAsync(PipelineDeployment pipeline, ActivePlacement placement, CancellationToken cancellationToken, int from = 0)
    {
        for (var i = from; i < placement.Plan.Stages.Count; i++)
        {
            var nodeId = placement.Plan.Stages[i].NodeId;
            var key = pipeline.StageKey(placement.Generation, i);
            artefacts.Withdraw(nodeId, key);
            if (registry.Find(nodeId) is { IsOnline: true } node)
            {
                try
                {
                    await commands.ReleaseAsync(node, key, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is TimeoutException or VedliotException or MqttRequestException or OperationCanceledException)
                {
                    OrchestratorLog.ReleaseFailed(logger, key, nodeId, e.Message);
                }
            }
        }
    }

    /// <summary>Takes the pipeline down: releases its placement and withdraws its notice.</summary>
    public async Task StopAsync(PipelineDeployment pipeline, CancellationToken cancellationToken)
    {
        if (pipeline.Active is { } active)
        {
            pipeline.Active = null;
            await ReleaseAsync(pipeline, active, cancellationToken).ConfigureAwait(false);
        }

        await notices.WithdrawAsync(pipeline, cancellationToken).ConfigureAwait(false);
    }

    private async Task SetConditionAsync(PipelineDeployment pipeline, PipelineCondition condition, CancellationToken cancellationToken)
    {
        pipeline.Condition = condition;
        await notices.PublishAsync(pipeline, cancellationToken).ConfigureAwait(false);
        Changed?.Invoke();
    }

    /// <summary>Assigns every stage of a placement, last stage first, so that each stage's output already has a reader; on the first failure releases what was assigned and names the node.</summary>
    private async Task<(string NodeId, string Reason)?> StartAsync(PipelineDeployment pipeline, PlannedPipeline planned, int generation, CancellationToken cancellationToken)
    {
        var count = planned.Stages.Count;
        for (var i = count - 1; i >= 0; i--)
        {
            var stage = planned.Stages[i];
            var key = pipeline.StageKey(generation, i);
            var assignment = new StageAssignment(
                key,
                pipeline.Spec.Name,
                pipeline.Id,
                generation,
                i,
                $"{pipeline.Spec.Name}.g{generation}.s{i}.onnx",
                stage.Digest,
                stage.Artefact.LongLength,
                i == 0 ? pipeline.Spec.InputTopic : options.Topics.StageInput(pipeline.Spec.Name, generation, i),
                i + 1 < count ? options.Topics.StageInput(pipeline.Spec.Name, generation, i + 1) : null,
                pipeline.Spec.OutputTopic,
                [.. stage.Partition.Inputs.Select(t => t.Name)],
                [.. stage.Partition.Outputs.Select(t => t.Name)]);
            artefacts.Offer(key, stage);
            var failure = await LoadAsync(registry.Find(stage.NodeId), assignment, stage, cancellationToken).ConfigureAwait(false);
            if (failure is not null)
            {
                await ReleaseAsync(pipeline, new ActivePlacement(planned, generation), cancellationToken, from: i).ConfigureAwait(false);
                return (stage.NodeId, failure);
            }
        }

        return null;
    }

    /// <summary>Has the node load its stage, then checks its measurement and attests it again; null when all is well, else why not.</summary>
    private async Task<string?> LoadAsync(NodeRecord? node, StageAssignment assignment, PlannedStage stage, CancellationToken cancellationToken)
    {
        if (node is null)
        {
            return "it is unknown";
        }

        try
        {
            var loaded = await commands.AssignAsync(node, assignment, cancellationToken).ConfigureAwait(false);
            var verdict = await admission.AttestAsync(node, cancellationToken).ConfigureAwait(false);
            return !string.Equals(loaded.MeasuredDigest, stage.Digest, StringComparison.OrdinalIgnoreCase)
                ? $"it measured {loaded.MeasuredDigest}, not the partition's {stage.Digest}"
                : verdict.Trusted ? null : $"attestation after loading failed: {verdict.Detail}";
        }
        catch (Exception e) when (e is TimeoutException or VedliotException or MqttRequestException or AttestationMessageFormatException)
        {
            return e.Message;
        }
    }
}
