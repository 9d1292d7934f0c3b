namespace Vedliot.Runtime.Placement;

/// <summary>A simple placement the solver's answer is compared with, under the same constraints.</summary>
/// <param name="Name">What it is, e.g. <c>best single module</c>.</param>
/// <param name="Placement">The best placement of its kind, or null when none meets the constraints.</param>
/// <param name="InfeasibleReason">Why there is none, when <paramref name="Placement"/> is null.</param>
/// <param name="Ratio">
/// The solver's objective value divided by this baseline's; null when there is no baseline. Below 1 is
/// better for latency, energy and EDP; above 1 is better for throughput.
/// </param>
public sealed record PlacementBaseline(string Name, Placement? Placement, string? InfeasibleReason, double? Ratio);
