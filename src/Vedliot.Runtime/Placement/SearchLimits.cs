namespace Vedliot.Runtime.Placement;

/// <summary>Bounds on one search: the number of stages, and whether missing links are overlooked (to diagnose infeasibility).</summary>
internal readonly record struct SearchLimits(int MinStages, int MaxStages, bool IgnoreLinks);
