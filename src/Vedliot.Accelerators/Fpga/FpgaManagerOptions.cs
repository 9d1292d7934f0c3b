namespace Vedliot.Accelerators.Fpga;

/// <summary>Where the Linux fpga_manager interface and the firmware search folder are.</summary>
public sealed record FpgaManagerOptions
{
    /// <summary>The folder that stands for <c>/</c>. Default: <c>/</c>; tests use a fixture tree.</summary>
    public string Root { get; init; } = "/";

    /// <summary>The FPGA manager to program, as named in <c>/sys/class/fpga_manager</c>. Default: <c>fpga0</c>.</summary>
    public string Device { get; init; } = "fpga0";

    /// <summary>The kernel's firmware search folder the bitstream is copied into. Default: <c>/lib/firmware</c>.</summary>
    public string FirmwareDirectory { get; init; } = "/lib/firmware";

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">A value is empty, or the device is not a plain name.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Root);
        ArgumentException.ThrowIfNullOrWhiteSpace(FirmwareDirectory);
        ArgumentException.ThrowIfNullOrWhiteSpace(Device);
        if (Device != Path.GetFileName(Device))
        {
            throw new ArgumentException($"FPGA manager device '{Device}' must be a name such as fpga0", nameof(Device));
        }
    }
}
