namespace Vedliot.Runtime.Placement;

/// <summary>A module as the placement solver sees it.</summary>
/// <param name="Id">The module's id, unique within the problem.</param>
/// <param name="MemoryCapacityBytes">Memory available for the weights of the stage it hosts.</param>
/// <param name="IsAttested">True when the verifier trusts the module's node.</param>
/// <param name="IsAllowed">False when the user forbids the module; it then hosts no stage.</param>
public sealed record PlacementModule(string Id, long MemoryCapacityBytes, bool IsAttested, bool IsAllowed = true)
{
    /// <summary>What a stage costs on the module once, beside its blocks. Default: nothing.</summary>
    public StageOverhead Overhead { get; init; } = StageOverhead.None;

    /// <summary>Draw while the module encodes or decodes the tensors of a cut, in watts (its active power). Default: 0.</summary>
    public double BusyWatts { get; init; }
}
