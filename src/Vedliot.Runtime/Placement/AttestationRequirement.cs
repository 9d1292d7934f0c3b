namespace Vedliot.Runtime.Placement;

/// <summary>Which stages must run on attested modules.</summary>
public enum AttestationRequirement
{
    /// <summary>Any allowed module may run any stage.</summary>
    None,

    /// <summary>The first stage sees the raw input (and makes the activations that could reconstruct it), so it runs on an attested module.</summary>
    FirstStage,

    /// <summary>Every stage runs on an attested module.</summary>
    AllStages,
}
