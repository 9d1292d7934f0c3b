using Vedliot.Runtime.Partitioning;
using Vedliot.Runtime.Placement;

namespace Vedliot.Runtime.Deployment.Orchestration;

/// <summary>A pipeline's placement with the partition each stage runs.</summary>
/// <param name="Spec">The manifest's pipeline.</param>
/// <param name="Report">The placement, its baselines, and why each stage sits where it does.</param>
/// <param name="Stages">One per placement stage, in order.</param>
/// <param name="ModelInputs">The whole model's input names.</param>
/// <param name="ModelOutputs">The whole model's output names.</param>
public sealed record PlannedPipeline(PipelineSpec Spec, PlacementReport Report, IReadOnlyList<PlannedStage> Stages, IReadOnlyList<string> ModelInputs, IReadOnlyList<string> ModelOutputs)
{
    /// <summary>The stages' nodes in order, e.g. <c>xeon-d → jetson-agx</c>.</summary>
    public override string ToString() => string.Join(" → ", Stages.Select(s => s.NodeId));
}

/// <summary>One stage of a planned pipeline.</summary>
/// <param name="Placement">Its placement stage: node (as module id), operation range, predicted figures.</param>
/// <param name="Partition">The partition it runs.</param>
/// <param name="Artefact">The partition's .onnx bytes, as served to the node.</param>
/// <param name="Digest">SHA-256 of <paramref name="Artefact"/>, lower-case hex.</param>
public sealed record PlannedStage(PlacementStage Placement, ModelPartition Partition, byte[] Artefact, string Digest)
{
    /// <summary>The node that runs it.</summary>
    public string NodeId => Placement.ModuleId;
}
