namespace Vedliot.Runtime.Deployment.Orchestration;

/// <summary>The placement of a pipeline whose stages are loaded and take requests, with its generation.</summary>
/// <param name="Plan">What runs where.</param>
/// <param name="Generation">Its number among the pipeline's placements.</param>
internal sealed record ActivePlacement(PlannedPipeline Plan, int Generation);
