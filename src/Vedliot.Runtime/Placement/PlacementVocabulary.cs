namespace Vedliot.Runtime.Placement;

/// <summary>
/// The words manifests and the command line use for objectives and attestation requirements, in one
/// place so that both accept exactly the same ones.
/// </summary>
public static class PlacementVocabulary
{
    /// <summary>Objectives by name: latency, energy, edp, throughput.</summary>
    public static IReadOnlyDictionary<string, PlacementObjective> Objectives { get; } = new Dictionary<string, PlacementObjective>(StringComparer.Ordinal)
    {
        ["latency"] = PlacementObjective.Latency,
        ["energy"] = PlacementObjective.Energy,
        ["edp"] = PlacementObjective.EnergyDelayProduct,
        ["throughput"] = PlacementObjective.Throughput,
    };

    /// <summary>Attestation requirements by name: none, first, all.</summary>
    public static IReadOnlyDictionary<string, AttestationRequirement> AttestationRequirements { get; } = new Dictionary<string, AttestationRequirement>(StringComparer.Ordinal)
    {
        ["none"] = AttestationRequirement.None,
        ["first"] = AttestationRequirement.FirstStage,
        ["all"] = AttestationRequirement.AllStages,
    };
}
