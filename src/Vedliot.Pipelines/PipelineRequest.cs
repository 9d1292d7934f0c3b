namespace Vedliot.Pipelines;

/// <summary>A request sent by a <see cref="PipelineClient"/>: its number and the task of its one answer.</summary>
/// <param name="Sequence">The request's number within its client, from 1.</param>
/// <param name="Answer">
/// Completes with the answer; faults with <see cref="PipelineRequestException"/> when the pipeline answered with an
/// error, or <see cref="PipelineTimeoutException"/> when no answer came after the last attempt.
/// </param>
public sealed record PipelineRequest(ulong Sequence, Task<PipelineAnswer> Answer);
