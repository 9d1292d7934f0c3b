using Vedliot.Attestation.Verifier;
using Vedliot.Runtime.Platform;

namespace Vedliot.Runtime.Deployment.Protocol;

/// <summary>The orchestrator's view of a deployment, retained on its status topic for <c>vedliot status</c>.</summary>
/// <param name="UseCase">The manifest's use case.</param>
/// <param name="Time">When the view was taken.</param>
/// <param name="Phase">What the orchestrator is doing, e.g. <c>attesting</c> or <c>running</c>.</param>
/// <param name="Nodes">Every node seen.</param>
/// <param name="Pipelines">Every pipeline of the manifest.</param>
public sealed record DeploymentStatus(string UseCase, DateTimeOffset Time, string Phase, IReadOnlyList<NodeStatus> Nodes, IReadOnlyList<PipelineStatus> Pipelines);

/// <summary>One node as the orchestrator sees it.</summary>
/// <param name="NodeId">The node.</param>
/// <param name="ModuleId">Its module's id.</param>
/// <param name="Kind">CPU, GPU, FPGA or ASIC.</param>
/// <param name="Presence">Present hardware, or emulated.</param>
/// <param name="State">Online or offline.</param>
/// <param name="Trust">Attestation state.</param>
/// <param name="TrustDetail">Why, for an untrusted node.</param>
public sealed record NodeStatus(string NodeId, string ModuleId, ModuleKind Kind, Presence Presence, NodeState State, TrustState Trust, string TrustDetail);

/// <summary>One pipeline: where its stages run and how it performs.</summary>
/// <param name="Name">The pipeline.</param>
/// <param name="Generation">How many placements it has had (more than 1 after failures).</param>
/// <param name="Objective">What the placement optimised.</param>
/// <param name="Stages">Its stages.</param>
/// <param name="Accepted">Requests taken from the input topic.</param>
/// <param name="Completed">Results published.</param>
/// <param name="Failed">Requests answered with an error.</param>
/// <param name="InFlight">Requests not yet answered.</param>
/// <param name="Resent">Requests sent again after a re-placement.</param>
/// <param name="ThroughputPerSecond">Results per second over the last window.</param>
/// <param name="LatencyP50Ms">Median end-to-end latency (gateway in to gateway out).</param>
/// <param name="LatencyP95Ms">95th percentile end-to-end latency.</param>
public sealed record PipelineStatus(
    string Name,
    int Generation,
    string Objective,
    IReadOnlyList<StageStatus> Stages,
    long Accepted,
    long Completed,
    long Failed,
    int InFlight,
    long Resent,
    double ThroughputPerSecond,
    double LatencyP50Ms,
    double LatencyP95Ms);

/// <summary>One stage: where it runs, what the placement predicted and what the node reports.</summary>
/// <param name="Index">Position from 0.</param>
/// <param name="NodeId">The node running it.</param>
/// <param name="ModuleId">The node's module.</param>
/// <param name="Presence">Present hardware, or emulated.</param>
/// <param name="Trust">The node's attestation state.</param>
/// <param name="Operations">The partition's operation range, e.g. <c>0–120</c>.</param>
/// <param name="PredictedLatencyMs">The placement's prediction.</param>
/// <param name="Metrics">The node's last report for the stage, if any.</param>
public sealed record StageStatus(int Index, string NodeId, string ModuleId, Presence Presence, TrustState Trust, string Operations, double PredictedLatencyMs, StageMetrics? Metrics);
