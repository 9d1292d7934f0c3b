namespace Vedliot.Pipelines;

/// <summary>
/// What the orchestrator says about one pipeline, retained on <see cref="PipelineNotices.Topic"/> and published again
/// on every change: its state, the placement generation that takes requests, and the tensors it takes and gives. A
/// <see cref="PipelineClient"/> follows it to send again what a replaced placement may have lost.
/// </summary>
/// <param name="Pipeline">The pipeline's name in the manifest.</param>
/// <param name="Generation">The placement that takes requests (counts from 1; 0 before the first).</param>
/// <param name="State">Where the pipeline stands.</param>
/// <param name="Reason">Why it is stalled or stopped; empty otherwise.</param>
/// <param name="InputTopic">Where apps publish requests.</param>
/// <param name="OutputTopic">Where answers go when a request names no response topic.</param>
/// <param name="Inputs">The model's input tensor names, in order.</param>
/// <param name="Outputs">The model's output tensor names, in order. An answer of one tensor is a tensor frame; of several, a bundle.</param>
/// <param name="Time">When the notice was made.</param>
public sealed record PipelineNotice(
    string Pipeline,
    int Generation,
    PipelineState State,
    string Reason,
    string InputTopic,
    string OutputTopic,
    IReadOnlyList<string> Inputs,
    IReadOnlyList<string> Outputs,
    DateTimeOffset Time);
