namespace Vedliot.Runtime.Placement;

/// <summary>
/// Constraints beyond each module's memory and operator support (which come with the blocks' costs) and
/// its <see cref="PlacementModule.IsAllowed"/> flag.
/// </summary>
public sealed record PlacementConstraints
{
    /// <summary>Constraints that add nothing: no attestation, any number of stages, no pins.</summary>
    public static PlacementConstraints None { get; } = new();

    /// <summary>Which stages must run on attested modules. Default: none.</summary>
    public AttestationRequirement Attestation { get; init; } = AttestationRequirement.None;

    /// <summary>The most stages a placement may have; null (the default) for no limit beyond one stage per module.</summary>
    public int? MaxStages { get; init; }

    /// <summary>Blocks that must run on a given module: block index to module id. Default: none.</summary>
    public IReadOnlyDictionary<int, string> PinnedBlocks { get; init; } = new Dictionary<int, string>();

    /// <summary>How much of the input a tensor may reveal where it leaves the attested modules or crosses an unencrypted link; null (the default) for no bound.</summary>
    public ExposureLimit? Exposure { get; init; }
}
