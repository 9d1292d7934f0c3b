namespace Vedliot.Runtime.Platform;

/// <summary>The memory a module computes from.</summary>
/// <param name="CapacityBytes">Memory available to models.</param>
/// <param name="BandwidthBytesPerSecond">Peak bandwidth between that memory and the compute units.</param>
public sealed record MemorySpec(long CapacityBytes, double BandwidthBytesPerSecond);
