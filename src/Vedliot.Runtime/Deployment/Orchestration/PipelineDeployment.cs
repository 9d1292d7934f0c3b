using System.Globalization;
using Vedliot.Runtime.Models;

namespace Vedliot.Runtime.Deployment.Orchestration;

/// <summary>One pipeline of the manifest as deployed: its model, gateway, and current placement.</summary>
internal sealed class PipelineDeployment(PipelineSpec spec, ModelGraph graph, PipelineGateway gateway)
{
    public PipelineSpec Spec { get; } = spec;

    public ModelGraph Graph { get; } = graph;

    public PipelineGateway Gateway { get; } = gateway;

    /// <summary>How many placements were made (the current one's number).</summary>
    public int Generation { get; set; }

    /// <summary>The running placement, or null before the first one succeeds.</summary>
    public PlannedPipeline? Current { get; set; }

    /// <summary><c>placing</c>, <c>running</c>, or why it is stalled.</summary>
    public string State { get; set; } = "placing";

    public bool Uses(string nodeId) => Current?.Stages.Any(s => s.NodeId == nodeId) == true;

    public string StageKey(int generation, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{Spec.Name}/g{generation}/s{index}");
}
