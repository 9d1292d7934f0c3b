namespace Vedliot.Runtime.Placement;

/// <summary>
/// The operations between two neighbouring candidate cuts: the smallest unit the solver places.
/// </summary>
/// <param name="FirstOperation">Position of its first operation in the model's topological order.</param>
/// <param name="EndOperation">Position just past its last operation (the next block's <paramref name="FirstOperation"/>).</param>
/// <param name="CostByModule">Its cost on each module, in the order of <see cref="PlacementProblem.Modules"/>.</param>
public sealed record PlacementBlock(int FirstOperation, int EndOperation, IReadOnlyList<BlockCost> CostByModule);
