namespace Vedliot.Pipelines;

/// <summary>A <see cref="PipelineClient"/>'s counters, as the app saw its requests.</summary>
/// <param name="Submitted">Requests submitted.</param>
/// <param name="Answered">Requests answered with a result.</param>
/// <param name="Failed">Requests answered with an error, or given up after the last attempt.</param>
/// <param name="Resent">Sendings after the first (timeouts, re-placements, reconnects).</param>
/// <param name="InFlight">Requests not yet answered.</param>
/// <param name="LatencyP50Ms">Median latency of recent answers, first sending to arrival.</param>
/// <param name="LatencyP95Ms">95th percentile of the same.</param>
public sealed record PipelineClientStatistics(long Submitted, long Answered, long Failed, long Resent, int InFlight, double LatencyP50Ms, double LatencyP95Ms);
