namespace Vedliot.Runtime.Energy;

/// <summary>Where an energy figure comes from.</summary>
public enum EnergySourceKind
{
    /// <summary>Measured by a hardware counter or sensor (RAPL, hwmon, NVML).</summary>
    Measured,

    /// <summary>Computed from a power model and the busy time: an estimate, labelled as such.</summary>
    Modelled,
}
