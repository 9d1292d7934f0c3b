namespace Vedliot.Runtime.Placement;

/// <summary>One stage of a placement: consecutive blocks on one module.</summary>
/// <param name="FirstBlock">Index of its first block.</param>
/// <param name="EndBlock">Index just past its last block.</param>
/// <param name="FirstOperation">Position of its first operation in the model's topological order.</param>
/// <param name="EndOperation">Position just past its last operation.</param>
/// <param name="ModuleId">The module that runs it.</param>
/// <param name="LatencyMs">Predicted compute time per inference (sum over its blocks).</param>
/// <param name="EnergyJoules">Predicted energy per inference (sum over its blocks).</param>
/// <param name="MemoryBytes">Memory its weights need on the module (sum over its blocks).</param>
/// <param name="TransferInMs">Time to receive its input from the previous stage; 0 for the first stage.</param>
/// <param name="Why">Why the stage runs on this module, for people.</param>
public sealed record PlacementStage(
    int FirstBlock,
    int EndBlock,
    int FirstOperation,
    int EndOperation,
    string ModuleId,
    double LatencyMs,
    double EnergyJoules,
    long MemoryBytes,
    double TransferInMs,
    string Why);
