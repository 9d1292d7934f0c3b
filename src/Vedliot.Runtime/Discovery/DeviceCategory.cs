namespace Vedliot.Runtime.Discovery;

/// <summary>What a probe found.</summary>
public enum DeviceCategory
{
    /// <summary>A processor package.</summary>
    Cpu,

    /// <summary>A graphics processor.</summary>
    Gpu,

    /// <summary>An FPGA card or an FPGA manager of a system-on-chip.</summary>
    Fpga,

    /// <summary>A neural network accelerator chip (Hailo, Coral Edge TPU, Intel NCS).</summary>
    Asic,

    /// <summary>A power or energy sensor (RAPL domain, hwmon channel).</summary>
    EnergySource,

    /// <summary>A device in an accelerator-relevant class that no table knows: listed, never dropped.</summary>
    Unknown,
}
