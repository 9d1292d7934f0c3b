namespace Vedliot.Runtime.Placement;

/// <summary>The optimal placement with the baselines it is compared with.</summary>
/// <param name="Placement">The optimal placement.</param>
/// <param name="BestSingleModule">The whole model on the best single module.</param>
/// <param name="BestTwoWaySplit">The best placement with exactly two stages.</param>
public sealed record PlacementReport(Placement Placement, PlacementBaseline BestSingleModule, PlacementBaseline BestTwoWaySplit);
