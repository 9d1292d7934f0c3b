namespace Vedliot.Runtime.Platform;

/// <summary>The kind of compute a module offers.</summary>
public enum ModuleKind
{
    /// <summary>A general-purpose processor (x86, ARM).</summary>
    Cpu,

    /// <summary>A graphics processor (discrete or embedded, e.g. Jetson).</summary>
    Gpu,

    /// <summary>A programmable-logic device, usually running a deep learning processor overlay (e.g. a DPU).</summary>
    Fpga,

    /// <summary>A fixed-function neural network accelerator (e.g. Hailo-8, Coral Edge TPU).</summary>
    Asic,
}
