namespace Vedliot.Runtime.Profiling;

/// <summary>Progress of a profile: how many (block, module) pairs are done, and which one is next.</summary>
/// <param name="Done">Pairs measured so far.</param>
/// <param name="Total">Pairs to measure.</param>
/// <param name="Current">What is being measured now, e.g. <c>block 3 on jetson-agx</c>.</param>
public sealed record ProfilerProgress(int Done, int Total, string Current);
