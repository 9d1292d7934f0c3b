namespace Vedliot.Accelerators.Fpga;

/// <summary>
/// Programs a full bitstream through the Linux fpga_manager class: the file goes into the firmware search
/// folder, its name is written to <c>/sys/class/fpga_manager/fpgaN/firmware</c> (the attribute AMD Xilinx
/// kernels add; <c>flags</c> 0 asks for a full bitstream), and the manager's <c>state</c> must then read
/// <c>operating</c> (Documentation/ABI/testing/sysfs-class-fpga-manager).
/// </summary>
public sealed class LinuxFpgaManager
{
    private const string OperatingState = "operating";
    private readonly FpgaManagerOptions _options;

    /// <summary>Creates the programmer.</summary>
    public LinuxFpgaManager(FpgaManagerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>The manager's sysfs folder on disk.</summary>
    public string ManagerPath => Path.Join(_options.Root, "sys/class/fpga_manager", _options.Device);

    /// <summary>Installs <paramref name="bitstream"/> as firmware <paramref name="firmwareName"/> and programs it.</summary>
    /// <exception cref="FpgaProgrammingException">The manager or its firmware attribute is missing, a write fails, or the state is not <c>operating</c> afterwards.</exception>
    public async Task ProgramAsync(string firmwareName, ReadOnlyMemory<byte> bitstream, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(firmwareName);
        if (firmwareName != Path.GetFileName(firmwareName))
        {
            throw new ArgumentException($"firmware name '{firmwareName}' must be a file name", nameof(firmwareName));
        }

        var firmwareAttribute = Path.Join(ManagerPath, "firmware");
        if (!Directory.Exists(ManagerPath))
        {
            throw new FpgaProgrammingException($"no FPGA manager at {ManagerPath}");
        }

        if (!File.Exists(firmwareAttribute))
        {
            throw new FpgaProgrammingException($"{ManagerPath} has no 'firmware' attribute: this kernel programs only through device-tree overlays");
        }

        var firmwareDirectory = Path.Join(_options.Root, _options.FirmwareDirectory.TrimStart('/'));
        await WriteAsync(Path.Join(firmwareDirectory, firmwareName), bitstream, createFolder: true, cancellationToken).ConfigureAwait(false);
        var flags = Path.Join(ManagerPath, "flags");
        if (File.Exists(flags))
        {
            await WriteAsync(flags, "0"u8.ToArray(), createFolder: false, cancellationToken).ConfigureAwait(false);
        }

        await WriteAsync(firmwareAttribute, System.Text.Encoding.ASCII.GetBytes(firmwareName), createFolder: false, cancellationToken).ConfigureAwait(false);
        var state = await ReadStateAsync(cancellationToken).ConfigureAwait(false);
        if (state != OperatingState)
        {
            throw new FpgaProgrammingException($"{ManagerPath} reports state '{state}' after loading {firmwareName}, expected '{OperatingState}'");
        }
    }

    private async Task<string> ReadStateAsync(CancellationToken cancellationToken)
    {
        var path = Path.Join(ManagerPath, "state");
        try
        {
            return (await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false)).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FpgaProgrammingException($"{path} cannot be read ({e.Message})", e);
        }
    }

    private static async Task WriteAsync(string path, ReadOnlyMemory<byte> content, bool createFolder, CancellationToken cancellationToken)
    {
        try
        {
            if (createFolder)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            }

            // Attributes are opened as a shell's "echo name > attribute" does (O_TRUNC, never created) and take one write.
            await using var stream = new FileStream(path, createFolder ? FileMode.Create : FileMode.Truncate, FileAccess.Write, FileShare.ReadWrite, bufferSize: 1, useAsync: true);
            await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FpgaProgrammingException($"cannot write {path} ({e.Message})", e);
        }
    }
}
