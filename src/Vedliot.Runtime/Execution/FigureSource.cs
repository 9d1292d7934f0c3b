namespace Vedliot.Runtime.Execution;

/// <summary>Whether a latency or energy figure was measured on hardware or computed by a device model.</summary>
public enum FigureSource
{
    /// <summary>Measured on the hardware that ran the partition.</summary>
    Measured,

    /// <summary>Computed from a device model (an emulated module, or a power model without a meter): an estimate, always labelled.</summary>
    Modelled,
}
