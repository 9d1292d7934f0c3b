using Vedliot.Attestation.Verifier;
using Vedliot.Pipelines;
using Vedliot.Runtime.Platform;

namespace Vedliot.Runtime.Deployment.Protocol;

/// <summary>The orchestrator's view of a deployment, retained on its status topic for <c>vedliot status</c>.</summary>
/// <param name="UseCase">The manifest's use case.</param>
/// <param name="Time">When the view was taken.</param>
/// <param name="Phase">What the orchestrator is doing.</param>
/// <param name="Nodes">Every node seen.</param>
/// <param name="Pipelines">Every pipeline of the manifest.</param>
public sealed record DeploymentStatus(string UseCase, DateTimeOffset Time, DeploymentPhase Phase, IReadOnlyList<NodeStatus> Nodes, IReadOnlyList<PipelineStatus> Pipelines);

/// <summary>One node as the orchestrator sees it.</summary>
/// <param name="NodeId">The node.</param>
/// <param name="ModuleId">Its module's id.</param>
/// <param name="Kind">CPU, GPU, FPGA or ASIC.</param>
/// <param name="Presence">Present hardware, or emulated.</param>
/// <param name="State">Online or offline.</param>
/// <param name="Trust">Attestation state.</param>
/// <param name="TrustDetail">Why, for an untrusted node.</param>
public sealed record NodeStatus(string NodeId, string ModuleId, ModuleKind Kind, Presence Presence, NodeState State, TrustState Trust, string TrustDetail);

/// <summary>
/// One pipeline: where its stages run and how it performs. The orchestrator is off the request path, so its figures
/// come from the stages' own reports: what the last stages answered, what every stage refused, and how long each ran.
/// End-to-end latency is what an app's <see cref="PipelineClient"/> measures.
/// </summary>
/// <param name="Name">The pipeline.</param>
/// <param name="Generation">The placement that takes requests (more than 1 after re-placements; 0 before the first).</param>
/// <param name="State">Where it stands.</param>
/// <param name="Reason">Why it is stalled; empty otherwise.</param>
/// <param name="Objective">What the placement optimises.</param>
/// <param name="Stages">Its stages.</param>
/// <param name="Completed">Requests answered with a result by its last stage, over every generation.</param>
/// <param name="Failed">Requests answered with an error by any of its stages, over every generation.</param>
/// <param name="Duplicates">Redelivered requests its stages recognised and dropped.</param>
/// <param name="Queued">Requests waiting in its current stages' queues.</param>
/// <param name="ThroughputPerSecond">Answers per second over the last reports (up to 10 s).</param>
/// <param name="StageLatencyP50Ms">The sum of its current stages' median run times (compute only, without the hops).</param>
public sealed record PipelineStatus(
    string Name,
    int Generation,
    PipelineState State,
    string Reason,
    string Objective,
    IReadOnlyList<StageStatus> Stages,
    long Completed,
    long Failed,
    long Duplicates,
    int Queued,
    double ThroughputPerSecond,
    double StageLatencyP50Ms);

/// <summary>One stage: where it runs, what the placement predicted and what the node reports.</summary>
/// <param name="Index">Position from 0.</param>
/// <param name="NodeId">The node running it.</param>
/// <param name="ModuleId">The node's module.</param>
/// <param name="Presence">Present hardware, or emulated.</param>
/// <param name="Trust">The node's attestation state.</param>
/// <param name="Operations">The partition's operation range, e.g. <c>0–120</c>.</param>
/// <param name="PredictedLatencyMs">The placement's prediction of the stage's run time (fixed cost once, its blocks each), beside the node's p50.</param>
/// <param name="Metrics">The node's last report for the stage, if any.</param>
public sealed record StageStatus(int Index, string NodeId, string ModuleId, Presence Presence, TrustState Trust, string Operations, double PredictedLatencyMs, StageMetrics? Metrics)
{
    /// <summary>The placement's predicted energy of one run of the stage (fixed cost once, its blocks each), beside the node's energy per run.</summary>
    public double PredictedEnergyJoules { get; init; }
}
