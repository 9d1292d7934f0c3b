namespace Vedliot.Runtime.Profiling;

/// <summary>Where a module's fixed cost per stage comes from.</summary>
public enum OverheadSource
{
    /// <summary>
    /// From the profile itself: the blocks' summed figures minus the whole model's, shared among the cuts
    /// (each cut adds one more call), so what does not add up block by block is charged once per stage.
    /// </summary>
    BlocksMinusWhole,

    /// <summary>The module cannot run the whole model, or the model has one block: its descriptor's <c>call_overhead_ms</c> at its active power.</summary>
    Descriptor,
}
