namespace Vedliot.Runtime.Placement;

/// <summary>
/// A module as the placement solver sees it, or a class of identical modules (<see cref="Members"/>): same
/// parameters, same costs, same links; each member may host one stage.
/// </summary>
/// <param name="Id">The module's (or class's) id, unique within the problem; links name it.</param>
/// <param name="MemoryCapacityBytes">Memory available for the weights of the stage it hosts.</param>
/// <param name="IsAttested">True when the verifier trusts the module's node.</param>
/// <param name="IsAllowed">False when the user forbids the module; it then hosts no stage.</param>
public sealed record PlacementModule(string Id, long MemoryCapacityBytes, bool IsAttested, bool IsAllowed = true)
{
    /// <summary>What a stage costs on the module once, beside its blocks. Default: nothing.</summary>
    public StageOverhead Overhead { get; init; } = StageOverhead.None;

    /// <summary>
    /// The ids of the identical modules this entry stands for, in the order stages take them; default: just
    /// <see cref="Id"/>. Two members of one class are joined by the link from the class to itself.
    /// </summary>
    public IReadOnlyList<string> Members { get; init; } = [Id];

    /// <summary>How many stages the class may host: one per member.</summary>
    public int Count => Members.Count;

    /// <summary>Draw while the module encodes or decodes the tensors of a cut, in watts (its active power). Default: 0.</summary>
    public double BusyWatts { get; init; }
}
