namespace Vedliot.Runtime.Placement;

/// <summary>One stage of a placement: consecutive blocks on one module.</summary>
/// <param name="FirstBlock">Index of its first block.</param>
/// <param name="EndBlock">Index just past its last block.</param>
/// <param name="FirstOperation">Position of its first operation in the model's topological order.</param>
/// <param name="EndOperation">Position just past its last operation.</param>
/// <param name="ModuleId">The module that runs it.</param>
/// <param name="LatencyMs">Predicted run time of its partition per inference: the module's fixed cost per stage once, plus each block's own time.</param>
/// <param name="EnergyJoules">Predicted energy of that run: the fixed energy once, plus each block's.</param>
/// <param name="MemoryBytes">Memory its weights need on the module (sum over its blocks).</param>
/// <param name="TransferInMs">Time to hand its input over from the previous stage (encode there, move over the link, decode here); 0 for the first stage.</param>
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
    string Why)
{
    /// <summary>Energy of that handover: both modules' codec work and the link's; 0 for the first stage.</summary>
    public double TransferInEnergyJoules { get; init; }
}
