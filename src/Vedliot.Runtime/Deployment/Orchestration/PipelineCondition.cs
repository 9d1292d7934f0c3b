using Vedliot.Pipelines;

namespace Vedliot.Runtime.Deployment.Orchestration;

/// <summary>A pipeline's state with the reason that goes with it (only a stalled one has one).</summary>
/// <param name="State">Where it stands.</param>
/// <param name="Reason">Why it is stalled; empty otherwise.</param>
internal sealed record PipelineCondition(PipelineState State, string Reason)
{
    public static PipelineCondition Placing { get; } = new(PipelineState.Placing, string.Empty);

    public static PipelineCondition Running { get; } = new(PipelineState.Running, string.Empty);

    public static PipelineCondition Stopped { get; } = new(PipelineState.Stopped, "the deployment was taken down");

    public static PipelineCondition Stalled(string reason) => new(PipelineState.Stalled, reason);

    public override string ToString() => Reason.Length > 0 ? $"{State.ToString().ToLowerInvariant()}: {Reason}" : State.ToString().ToLowerInvariant();
}
