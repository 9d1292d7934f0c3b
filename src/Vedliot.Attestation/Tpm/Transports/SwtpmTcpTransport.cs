using System.Buffers.Binary;
using System.Net.Sockets;

namespace Vedliot.Attestation.Tpm.Transports;

/// <summary>How commands are framed on a swtpm TCP server port.</summary>
public enum SwtpmFraming
{
    /// <summary>Bare TPM command and response bytes (what the TSS swtpm TCTI sends).</summary>
    Raw,

    /// <summary>
    /// The Microsoft/TCG TPM simulator framing: <c>TPM_SEND_COMMAND (8)</c>, locality byte, UINT32 length,
    /// command; the answer is UINT32 length, response, UINT32 0 acknowledgement.
    /// </summary>
    Simulator,
}

/// <summary>When the transport connects to swtpm.</summary>
public enum SwtpmConnectionMode
{
    /// <summary>
    /// A new connection per command, closed after the response (as the TSS swtpm TCTI does). swtpm serves one
    /// client connection at a time, so this lets several processes (e.g. the node agent and tpm2-tools) share it.
    /// </summary>
    PerCommand,

    /// <summary>One connection held for the transport's lifetime: lower latency, exclusive use of the swtpm instance.</summary>
    Persistent,
}

/// <summary>Options for <see cref="SwtpmTcpTransport"/>.</summary>
public sealed class SwtpmTcpTransportOptions
{
    /// <summary>Host name or address of the swtpm server port. Default <c>127.0.0.1</c>.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>TCP port of the swtpm server (command) port. Default 2321.</summary>
    public int Port { get; set; } = 2321;

    /// <summary>Framing used on the wire. Default <see cref="SwtpmFraming.Simulator"/>.</summary>
    public SwtpmFraming Framing { get; set; } = SwtpmFraming.Simulator;

    /// <summary>Connection lifetime. Default <see cref="SwtpmConnectionMode.PerCommand"/>.</summary>
    public SwtpmConnectionMode ConnectionMode { get; set; } = SwtpmConnectionMode.PerCommand;

    /// <summary>Locality sent with each command in simulator framing. Default 0.</summary>
    public byte Locality { get; set; }

    /// <summary>
    /// How long one command may take, from connecting (per-command mode) to the last byte of its response;
    /// then a <see cref="TpmCommandTimeoutException"/> ends the wait. Default <see cref="DefaultCommandTimeout"/>.
    /// </summary>
    public TimeSpan CommandTimeout { get; set; } = DefaultCommandTimeout;

    /// <summary>Clock for <see cref="CommandTimeout"/>. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// 30 s. swtpm is software: its slowest command here, TPM2_Create of an RSA-2048 key, took 0.46 s
    /// (TPM2_CreatePrimary of the RSA EK 0.08 s) on a loaded 2-core machine, so 30 s is ample margin for a
    /// busy host while a server that accepts and never answers is reported within half a minute.
    /// </summary>
    public static TimeSpan DefaultCommandTimeout { get; } = TimeSpan.FromSeconds(30);

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Host);
        if (Port is < 1 or > 65535)
        {
            throw new ArgumentException($"Port {Port} is out of range 1..65535.", nameof(Port));
        }

        if (Locality > 4)
        {
            throw new ArgumentException($"Locality {Locality} is out of range 0..4.", nameof(Locality));
        }

        if (CommandTimeout <= TimeSpan.Zero || CommandTimeout == Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentException($"CommandTimeout {CommandTimeout} must be positive and finite.", nameof(CommandTimeout));
        }

        ArgumentNullException.ThrowIfNull(TimeProvider);
    }
}

/// <summary>
/// Transport to swtpm's TCP server (command) port. swtpm accepts both raw TPM commands and the TPM simulator
/// framing on that port; out-of-band control (init, shutdown, locality) is the separate control port, see
/// <see cref="SwtpmControlChannel"/>. Owns its socket(s); dispose to close.
/// </summary>
public sealed class SwtpmTcpTransport : ITpmTransport
{
    private const uint TpmSendCommand = 8;
    private const uint TpmSessionEnd = 20;

    private readonly SwtpmTcpTransportOptions _options;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private TcpClient? _client;
    private bool _disposed;

    private SwtpmTcpTransport(SwtpmTcpTransportOptions options, TcpClient? client)
    {
        _options = options;
        _client = client;
    }

    /// <summary>Creates a transport; in <see cref="SwtpmConnectionMode.Persistent"/> mode it connects now.</summary>
    /// <param name="options">Where and how to connect.</param>
    /// <param name="cancellationToken">Cancels the connect.</param>
    /// <returns>The transport; the caller owns it.</returns>
    public static async Task<SwtpmTcpTransport> ConnectAsync(SwtpmTcpTransportOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.ConnectionMode != SwtpmConnectionMode.Persistent)
        {
            return new SwtpmTcpTransport(options, null);
        }

        using var timeout = new CancellationTokenSource(options.CommandTimeout, options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            return new SwtpmTcpTransport(options, await OpenAsync(options, linked.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TpmCommandTimeoutException(Name(options), null, options.CommandTimeout);
        }
    }

    /// <inheritdoc />
    /// <exception cref="TpmCommandTimeoutException">No complete response within <see cref="SwtpmTcpTransportOptions.CommandTimeout"/>.</exception>
    public async Task<byte[]> ExecuteAsync(ReadOnlyMemory<byte> command, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var persistent = _options.ConnectionMode == SwtpmConnectionMode.Persistent;
            if (persistent && _client is null)
            {
                throw new TpmTransportException("The connection to swtpm broke during an earlier exchange; create a new transport.");
            }

            // Sockets honour cancellation, so the timer ends the connect or the read itself: nothing is left running.
            using var timeout = new CancellationTokenSource(_options.CommandTimeout, _options.TimeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
            TcpClient? client = _client;
            try
            {
                client ??= await OpenAsync(_options, linked.Token).ConfigureAwait(false);
                var response = await ExchangeAsync(client.GetStream(), command, linked.Token).ConfigureAwait(false);
                if (!persistent)
                {
                    await CloseAsync(client).ConfigureAwait(false);
                }

                return response;
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or EndOfStreamException or TpmTransportException)
            {
                // A half-finished exchange leaves the stream out of step: drop the connection.
                client?.Dispose();
                _client = null;
                if (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested && ex is OperationCanceledException or IOException)
                {
                    throw new TpmCommandTimeoutException(Name(_options), TpmFraming.CommandCode(command.Span) ?? 0, _options.CommandTimeout);
                }

                if (ex is OperationCanceledException or TpmTransportException)
                {
                    throw;
                }

                throw new TpmTransportException($"swtpm exchange with {_options.Host}:{_options.Port} failed.", ex);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_client is not null)
        {
            await CloseAsync(_client).ConfigureAwait(false);
            _client = null;
        }

        _gate.Dispose();
    }

    private static string Name(SwtpmTcpTransportOptions options) => $"{options.Host}:{options.Port} (swtpm TCP)";

    private static async Task<TcpClient> OpenAsync(SwtpmTcpTransportOptions options, CancellationToken cancellationToken)
    {
        var client = new TcpClient { NoDelay = true };
        try
        {
            await client.ConnectAsync(options.Host, options.Port, cancellationToken).ConfigureAwait(false);
            return client;
        }
        catch (SocketException ex)
        {
            client.Dispose();
            throw new TpmTransportException($"Cannot connect to swtpm at {options.Host}:{options.Port}.", ex);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private async Task CloseAsync(TcpClient client)
    {
        if (_options.Framing == SwtpmFraming.Simulator && client.Connected)
        {
            var end = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(end, TpmSessionEnd);
            try
            {
                await client.GetStream().WriteAsync(end).ConfigureAwait(false);
            }
            catch (IOException)
            {
                // The peer already closed; nothing to end.
            }
        }

        client.Dispose();
    }

    private async Task<byte[]> ExchangeAsync(NetworkStream stream, ReadOnlyMemory<byte> command, CancellationToken cancellationToken)
    {
        if (_options.Framing == SwtpmFraming.Raw)
        {
            await stream.WriteAsync(command, cancellationToken).ConfigureAwait(false);
            return await TpmFraming.ReadResponseAsync(stream, cancellationToken).ConfigureAwait(false);
        }

        var frame = new byte[9 + command.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, TpmSendCommand);
        frame[4] = _options.Locality;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(5), (uint)command.Length);
        command.CopyTo(frame.AsMemory(9));
        await stream.WriteAsync(frame, cancellationToken).ConfigureAwait(false);

        var word = new byte[4];
        await stream.ReadExactlyAsync(word, cancellationToken).ConfigureAwait(false);
        var length = BinaryPrimitives.ReadUInt32BigEndian(word);
        if (length < TpmFraming.HeaderSize || length > TpmFraming.MaxResponseSize)
        {
            throw new TpmTransportException($"Simulator frame announces a {length}-byte response; expected {TpmFraming.HeaderSize}..{TpmFraming.MaxResponseSize}.");
        }

        var response = new byte[length];
        await stream.ReadExactlyAsync(response, cancellationToken).ConfigureAwait(false);
        await stream.ReadExactlyAsync(word, cancellationToken).ConfigureAwait(false);
        var ack = BinaryPrimitives.ReadUInt32BigEndian(word);
        if (ack != 0)
        {
            throw new TpmTransportException($"Simulator frame acknowledgement is 0x{ack:X8}, expected 0.");
        }

        return response;
    }
}
