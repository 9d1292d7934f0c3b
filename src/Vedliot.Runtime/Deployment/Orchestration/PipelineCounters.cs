namespace Vedliot.Runtime.Deployment.Orchestration;

/// <summary>A gateway's counters at one moment.</summary>
internal sealed record PipelineCounters(long Accepted, long Completed, long Failed, int InFlight, long Resent, double ThroughputPerSecond, double LatencyP50Ms, double LatencyP95Ms);
