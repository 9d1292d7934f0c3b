namespace Vedliot.Accelerators.Probes;

/// <summary>Names of the entries probes put in <see cref="Runtime.Discovery.DiscoveredDevice.Properties"/>.</summary>
public static class DeviceProperties
{
    /// <summary>Instruction set family: <c>x86</c> or <c>arm</c>.</summary>
    public const string Architecture = "architecture";

    /// <summary>Logical processors (hardware threads) of a CPU package.</summary>
    public const string Threads = "threads";

    /// <summary>Physical cores of a CPU package.</summary>
    public const string Cores = "cores";

    /// <summary>Comma-separated ISA extensions relevant to inference, e.g. <c>AVX2,AVX-512F</c> or <c>NEON</c>.</summary>
    public const string Isa = "isa";

    /// <summary>Highest core clock in MHz (cpufreq <c>cpuinfo_max_freq</c>).</summary>
    public const string MaxFrequencyMhz = "max_frequency_mhz";

    /// <summary>Bus vendor id, 4 lower-case hex digits.</summary>
    public const string VendorId = "vendor_id";

    /// <summary>Bus device or product id, 4 lower-case hex digits.</summary>
    public const string DeviceId = "device_id";

    /// <summary>PCI class code, 6 lower-case hex digits.</summary>
    public const string PciClass = "pci_class";

    /// <summary>PCI address, e.g. <c>0000:01:00.0</c>.</summary>
    public const string PciAddress = "pci_address";

    /// <summary>Kernel driver bound to the device.</summary>
    public const string Driver = "driver";

    /// <summary>The NVIDIA driver's GPU UUID.</summary>
    public const string GpuUuid = "gpu_uuid";

    /// <summary>The GPU's video BIOS version, as the NVIDIA driver reports it.</summary>
    public const string VideoBios = "video_bios";

    /// <summary>A USB device's manufacturer string.</summary>
    public const string Manufacturer = "manufacturer";

    /// <summary>A USB device's product string.</summary>
    public const string ProductString = "product";

    /// <summary>Whether a USB accelerator runs its firmware: <c>loaded</c> or <c>not-loaded</c>.</summary>
    public const string Firmware = "firmware";

    /// <summary>A system-on-chip name from the device tree, e.g. <c>tegra194</c>.</summary>
    public const string Soc = "soc";

    /// <summary>The board's name from the device tree <c>model</c>, e.g. <c>NVIDIA Jetson Xavier NX Developer Kit</c>.</summary>
    public const string Board = "board";

    /// <summary>Device-tree <c>compatible</c> strings, comma-separated.</summary>
    public const string Compatible = "compatible";

    /// <summary>An FPGA manager's state, e.g. <c>operating</c>.</summary>
    public const string State = "state";

    /// <summary>Which energy meter reads the source: <c>rapl</c> or <c>hwmon</c>.</summary>
    public const string Meter = "meter";

    /// <summary>The Linux path of the meter's counter or sensor files.</summary>
    public const string MeterPath = "meter_path";

    /// <summary>The hwmon channel a meter reads, e.g. <c>power1</c>, <c>energy1</c> or <c>in1</c> (voltage times current).</summary>
    public const string Channel = "channel";
}
