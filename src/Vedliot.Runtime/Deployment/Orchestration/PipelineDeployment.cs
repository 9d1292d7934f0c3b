using System.Globalization;
using Vedliot.Pipelines;
using Vedliot.Runtime.Models;

namespace Vedliot.Runtime.Deployment.Orchestration;

/// <summary>
/// One pipeline of the manifest as deployed: its model, its one generation counter, the placement that runs, its
/// condition and the account of what its stages completed.
/// </summary>
internal sealed class PipelineDeployment(ulong id, PipelineSpec spec, ModelGraph graph)
{
    private volatile ActivePlacement? _active;
    private volatile PipelineCondition _condition = PipelineCondition.Placing;

    /// <summary>The numeric id stages stamp on the tensors they pass on (the pipeline's position in the manifest, from 1).</summary>
    public ulong Id { get; } = id;

    public PipelineSpec Spec { get; } = spec;

    public ModelGraph Graph { get; } = graph;

    /// <summary>How many placements were begun; the newest one's number.</summary>
    public int Generation { get; private set; }

    /// <summary>The placement whose stages take requests, or null before the first one succeeds.</summary>
    public ActivePlacement? Active { get => _active; set => _active = value; }

    public PipelineCondition Condition { get => _condition; set => _condition = value; }

    public CompletionAccount Account { get; } = new();

    /// <summary>Begins a placement: the next generation's number (placement runs on the control loop only).</summary>
    public int BeginGeneration() => ++Generation;

    public bool Uses(string nodeId) => Active?.Plan.Stages.Any(s => s.NodeId == nodeId) == true;

    public string StageKey(int generation, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{Spec.Name}/g{generation}/s{index}");

    /// <summary>What apps' clients are told: the generation that takes requests and the tensors it takes and gives.</summary>
    public PipelineNotice Notice(DateTimeOffset now) => new(
        Spec.Name,
        Active?.Generation ?? 0,
        Condition.State,
        Condition.Reason,
        Spec.InputTopic,
        Spec.OutputTopic,
        [.. Graph.Inputs.Select(t => t.Name)],
        [.. Graph.Outputs.Select(t => t.Name)],
        now);
}
