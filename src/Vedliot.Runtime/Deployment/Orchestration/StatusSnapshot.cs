using Vedliot.Attestation.Verifier;
using Vedliot.Runtime.Deployment.Protocol;
using Vedliot.Runtime.Platform;

namespace Vedliot.Runtime.Deployment.Orchestration;

/// <summary>Builds the <see cref="DeploymentStatus"/> from the registry, admission and the pipelines as they stand.</summary>
internal sealed class StatusSnapshot(string useCase, NodeRegistry registry, Admission admission, IReadOnlyList<PipelineDeployment> pipelines, TimeProvider time)
{
    public DeploymentStatus Take(DeploymentPhase phase)
    {
        var nodes = registry.All.Select(n =>
        {
            var module = n.Announcement?.Module;
            return new NodeStatus(n.NodeId, module?.Id ?? "?", module?.Kind ?? ModuleKind.Cpu, module?.Presence ?? Presence.Emulated, n.Announcement?.State ?? NodeState.Offline, admission.Trust(n), admission.FailureOf(n.NodeId));
        }).ToList();
        return new DeploymentStatus(useCase, time.GetUtcNow(), phase, nodes, [.. pipelines.Select(Pipeline)]);
    }

    private PipelineStatus Pipeline(PipelineDeployment pipeline)
    {
        var active = pipeline.Active;
        var stages = active?.Plan.Stages.Select((s, i) =>
        {
            var node = registry.Find(s.NodeId);
            return new StageStatus(
                i,
                s.NodeId,
                node?.Announcement?.Module?.Id ?? s.NodeId,
                node?.Announcement?.Module?.Presence ?? Presence.Emulated,
                node is null ? TrustState.Unknown : admission.Trust(node),
                $"{s.Placement.FirstOperation}–{s.Placement.EndOperation}",
                s.Placement.LatencyMs,
                pipeline.Account.Latest(pipeline.StageKey(active.Generation, i)))
            {
                PredictedEnergyJoules = s.Placement.EnergyJoules,
            };
        }).ToList() ?? [];
        var account = pipeline.Account;
        return new PipelineStatus(
            pipeline.Spec.Name,
            active?.Generation ?? 0,
            pipeline.Condition.State,
            pipeline.Condition.Reason,
            Placement.PlacementVocabulary.Objectives.First(o => o.Value == pipeline.Spec.Objective).Key,
            stages,
            account.Completed,
            account.Failed,
            account.Duplicates,
            stages.Sum(s => s.Metrics?.Queued ?? 0),
            account.ThroughputPerSecond(time),
            stages.Sum(s => s.Metrics?.LatencyP50Ms ?? 0));
    }
}
