using Vedliot.Runtime.Placement;

namespace Vedliot.Runtime.Profiling;

/// <summary>A module's fixed cost per stage, as the profile found it.</summary>
/// <param name="ModuleId">The module.</param>
/// <param name="Overhead">Fixed time and energy per stage.</param>
/// <param name="Source">How it was found.</param>
/// <param name="WholeModelLatencyMs">The whole model's median latency on the module; 0 when it cannot run it.</param>
public sealed record StageOverheadProfile(string ModuleId, StageOverhead Overhead, OverheadSource Source, double WholeModelLatencyMs);
