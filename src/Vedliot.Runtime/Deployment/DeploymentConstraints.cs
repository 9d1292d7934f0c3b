using Vedliot.Runtime.Placement;
using Vedliot.Runtime.Platform;

namespace Vedliot.Runtime.Deployment;

/// <summary>What a pipeline's placement must respect.</summary>
/// <param name="LatencyBudgetMs">End-to-end latency the placement must stay within, if any.</param>
/// <param name="EnergyBudgetMillijoules">Energy per inference the placement must stay within, if any.</param>
/// <param name="Attestation">Which stages must run on attested modules.</param>
/// <param name="AllowedKinds">Module kinds the stages may use; empty allows every kind.</param>
/// <param name="MaxStages">The most stages, if limited.</param>
public sealed record DeploymentConstraints(
    double? LatencyBudgetMs,
    double? EnergyBudgetMillijoules,
    AttestationRequirement Attestation,
    IReadOnlySet<ModuleKind> AllowedKinds,
    int? MaxStages)
{
    /// <summary>
    /// The most a cut may reveal of the input (exposure in [0, 1]) where its tensors leave the attested nodes or
    /// cross an unencrypted link, if bounded. In a deployment every tensor between stages passes the broker, which
    /// is not attested, so a cut over the bound is never placed between two stages.
    /// </summary>
    public double? MaxExposure { get; init; }
}
