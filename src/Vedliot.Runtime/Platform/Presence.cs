namespace Vedliot.Runtime.Platform;

/// <summary>Whether a module's figures come from hardware or from a device model.</summary>
public enum Presence
{
    /// <summary>Found on this machine by a probe: runs and is measured for real.</summary>
    Present,

    /// <summary>Described by a platform descriptor but absent here: outputs are computed on the CPU and latency and energy come from its device model.</summary>
    Emulated,
}
