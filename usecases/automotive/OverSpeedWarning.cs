using Vedliot.UseCases.Automotive.Vss;

namespace Vedliot.UseCases.Automotive;

/// <summary>The over-speed state changed: published as <c>IsWarning</c> at <paramref name="At"/>.</summary>
/// <param name="State">The new state.</param>
/// <param name="LimitKmh">The last limit read.</param>
/// <param name="SpeedKmh">The last speed received.</param>
/// <param name="At">When the change was seen.</param>
public sealed record OverSpeedWarning(OverSpeedState State, int? LimitKmh, double? SpeedKmh, DateTimeOffset At);
