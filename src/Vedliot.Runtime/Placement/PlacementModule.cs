namespace Vedliot.Runtime.Placement;

/// <summary>A module as the placement solver sees it.</summary>
/// <param name="Id">The module's id, unique within the problem.</param>
/// <param name="MemoryCapacityBytes">Memory available for the weights of the stage it hosts.</param>
/// <param name="IsAttested">True when the verifier trusts the module's node.</param>
/// <param name="IsAllowed">False when the user forbids the module; it then hosts no stage.</param>
public sealed record PlacementModule(string Id, long MemoryCapacityBytes, bool IsAttested, bool IsAllowed = true);
