namespace Vedliot.Attestation.Tpm.Transports;

/// <summary>
/// Transport to a Linux TPM character device, normally the kernel resource manager <c>/dev/tpmrm0</c>
/// (which virtualises object and session slots per open file). One write carries a whole command; the
/// response is read back until the size in its header has arrived.
/// </summary>
public sealed class LinuxTpmDeviceTransport : ITpmTransport
{
    /// <summary>The kernel resource-manager device.</summary>
    public const string ResourceManagerPath = "/dev/tpmrm0";

    private readonly Stream _device;
    private readonly LinuxTpmDeviceTransportOptions _options;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _broken;

    /// <summary>Wraps an already-open device stream, with default options.</summary>
    /// <param name="device">The device stream; this transport takes ownership and disposes it.</param>
    public LinuxTpmDeviceTransport(Stream device)
        : this(device, new LinuxTpmDeviceTransportOptions())
    {
    }

    /// <summary>Wraps an already-open device stream.</summary>
    /// <param name="device">The device stream; this transport takes ownership and disposes it.</param>
    /// <param name="options">The command timeout, and the path that names the device in errors.</param>
    public LinuxTpmDeviceTransport(Stream device, LinuxTpmDeviceTransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (!device.CanRead || !device.CanWrite)
        {
            throw new ArgumentException("The TPM device stream must be readable and writable.", nameof(device));
        }

        _device = device;
        _options = options;
    }

    /// <summary>Opens a TPM character device for reading and writing, with the default command timeout.</summary>
    /// <param name="path">Device path; default <see cref="ResourceManagerPath"/>.</param>
    /// <returns>A transport owning the open device.</returns>
    /// <exception cref="TpmTransportException">The device does not exist or cannot be opened.</exception>
    public static LinuxTpmDeviceTransport Open(string path = ResourceManagerPath) => Open(new LinuxTpmDeviceTransportOptions { Path = path });

    /// <summary>Opens the TPM character device of <paramref name="options"/> for reading and writing.</summary>
    /// <param name="options">The device path and command timeout.</param>
    /// <returns>A transport owning the open device.</returns>
    /// <exception cref="TpmTransportException">The device does not exist or cannot be opened.</exception>
    public static LinuxTpmDeviceTransport Open(LinuxTpmDeviceTransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        try
        {
            // bufferSize 0: every write reaches the driver as one write(2), as the TPM driver requires.
            var stream = new FileStream(options.Path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 0);
            return new LinuxTpmDeviceTransport(stream, options);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TpmTransportException($"Cannot open TPM device {options.Path}.", ex);
        }
    }

    /// <inheritdoc />
    /// <exception cref="TpmCommandTimeoutException">No complete response within <see cref="LinuxTpmDeviceTransportOptions.CommandTimeout"/>.</exception>
    public async Task<byte[]> ExecuteAsync(ReadOnlyMemory<byte> command, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_broken)
            {
                throw new TpmTransportException($"An earlier exchange with the TPM device {_options.Path} was interrupted; reopen the device.");
            }

            // A blocking read(2) on a character device may ignore cancellation, so the wait is bounded on its own.
            using var abandon = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var exchange = ExchangeAsync(command, abandon.Token);
            try
            {
                return await exchange.WaitAsync(_options.CommandTimeout, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                _broken = true;
                await abandon.CancelAsync().ConfigureAwait(false);
                _ = exchange.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                throw new TpmCommandTimeoutException(_options.Path, TpmFraming.CommandCode(command.Span) ?? 0, _options.CommandTimeout);
            }
        }
        catch (Exception ex) when (ex is IOException or EndOfStreamException or OperationCanceledException or TpmTransportException)
        {
            // A half-read response would be taken for the next command's answer: refuse further use.
            _broken = true;
            if (ex is OperationCanceledException or TpmTransportException)
            {
                throw;
            }

            throw new TpmTransportException($"TPM device {_options.Path} exchange failed.", ex);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _device.DisposeAsync().ConfigureAwait(false);
        _gate.Dispose();
    }

    private async Task<byte[]> ExchangeAsync(ReadOnlyMemory<byte> command, CancellationToken cancellationToken)
    {
        await _device.WriteAsync(command, cancellationToken).ConfigureAwait(false);
        await _device.FlushAsync(cancellationToken).ConfigureAwait(false);
        return await TpmFraming.ReadResponseAsync(_device, cancellationToken).ConfigureAwait(false);
    }
}
