namespace Vedliot.Attestation.Tpm.Transports;

/// <summary>Options for <see cref="LinuxTpmDeviceTransport"/>.</summary>
public sealed class LinuxTpmDeviceTransportOptions
{
    /// <summary>The device; it also names the TPM in errors. Default <see cref="LinuxTpmDeviceTransport.ResourceManagerPath"/>.</summary>
    public string Path { get; set; } = LinuxTpmDeviceTransport.ResourceManagerPath;

    /// <summary>
    /// How long one command may take, from the write to the last byte of its response; then a
    /// <see cref="TpmCommandTimeoutException"/> ends the wait. Default <see cref="DefaultCommandTimeout"/>.
    /// </summary>
    public TimeSpan CommandTimeout { get; set; } = DefaultCommandTimeout;

    /// <summary>Clock for <see cref="CommandTimeout"/>. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// 300 s: the Linux TPM driver's own bound for key creation (TPM2_DURATION_LONG_LONG, for
    /// TPM2_CreatePrimary and TPM2_Create, whose RSA-2048 key generation takes one to two minutes on some
    /// discrete TPMs). The driver already ends a command that overruns the TCG PC Client PTP durations, so
    /// this catches a driver that never returns, and never cuts short a command the driver would let finish.
    /// </summary>
    public static TimeSpan DefaultCommandTimeout { get; } = TimeSpan.FromSeconds(300);

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Path);
        if (CommandTimeout <= TimeSpan.Zero || CommandTimeout == Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentException($"CommandTimeout {CommandTimeout} must be positive and finite.", nameof(CommandTimeout));
        }

        ArgumentNullException.ThrowIfNull(TimeProvider);
    }
}
