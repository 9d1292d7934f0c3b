using Vedliot.Hosting.Profiling;

namespace Vedliot.Cli.Running;

/// <summary>The outcome of <c>vedliot run</c>, as printed in a table or as JSON.</summary>
internal sealed record RunReport(
    string Model,
    int Nodes,
    int Operations,
    string Provider,
    string OnnxRuntimeVersion,
    string CutRule,
    IReadOnlyList<InputReport> Inputs,
    IReadOnlyList<PartitionReport> Partitions,
    double WholeLatencyMs,
    double PartitionedLatencyMs,
    int Repetitions,
    OutputMatch Match,
    IReadOnlyList<string> SavedPartitions);

/// <summary>One partition: what it holds, what crosses the cut after it, and its median latency.</summary>
internal sealed record PartitionReport(
    int Index,
    int FirstOperation,
    int LastOperation,
    int Operations,
    int Nodes,
    IReadOnlyList<CrossingTensor> CrossingAfter,
    long CrossingBytes,
    double LatencyMs);

/// <summary>A tensor crossing a cut, with its type as declared or inferred and its measured size.</summary>
internal sealed record CrossingTensor(string Name, long Bytes);

/// <summary>Whether the partitioned outputs equal the whole model's, and by how much they differ.</summary>
internal sealed record OutputMatch(bool Matches, double MaxAbsoluteDifference, double RelativeTolerance, double AbsoluteTolerance, string? Mismatch);
