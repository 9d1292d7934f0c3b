using System.Buffers.Binary;
using System.Net.Sockets;

namespace Vedliot.Attestation.Tpm.Transports;

/// <summary>
/// Client for swtpm's control channel (<c>--ctrl type=tcp</c>): out-of-band commands that a hardware TPM gets
/// from the platform (capability query, hardware init, locality, graceful shutdown). Each command is a
/// big-endian UINT32 code (swtpm_ioctls(3): CMD_GET_CAPABILITY = 1, CMD_INIT = 2, CMD_SHUTDOWN = 3,
/// CMD_SET_LOCALITY = 5) answered by a UINT32 result (0 = success) and any payload. One connection per command.
/// </summary>
public sealed class SwtpmControlChannel
{
    private const uint CmdGetCapability = 1;
    private const uint CmdInit = 2;
    private const uint CmdShutdown = 3;
    private const uint CmdSetLocality = 5;

    private readonly string _host;
    private readonly int _port;

    /// <summary>Creates a client for the control port.</summary>
    /// <param name="host">Host of the control port.</param>
    /// <param name="port">TCP port of the control port.</param>
    public SwtpmControlChannel(string host, int port)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        _host = host;
        _port = port;
    }

    /// <summary>Reads the bit mask of control commands the swtpm instance supports.</summary>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>The capability bits.</returns>
    public async Task<uint> GetCapabilitiesAsync(CancellationToken cancellationToken = default)
    {
        var payload = await SendAsync(CmdGetCapability, ReadOnlyMemory<byte>.Empty, 4, cancellationToken).ConfigureAwait(false);
        return BinaryPrimitives.ReadUInt32BigEndian(payload);
    }

    /// <summary>Sets the locality used for subsequent commands on the server port.</summary>
    /// <param name="locality">Locality 0..4.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>A task that completes when swtpm has accepted the locality.</returns>
    public async Task SetLocalityAsync(byte locality, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(locality, (byte)4);
        await SendAsync(CmdSetLocality, new[] { locality }, 0, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends the hardware initialisation signal (_TPM_Init, TPM 2.0 Part 1, 12.2): the TPM then accepts only
    /// TPM2_Startup, as after a platform reset.
    /// </summary>
    /// <param name="deleteVolatileState">Whether swtpm discards saved volatile state (PTM_INIT_FLAG_DELETE_VOLATILE).</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>A task that completes when swtpm has re-initialised the TPM.</returns>
    public async Task InitAsync(bool deleteVolatileState = true, CancellationToken cancellationToken = default)
    {
        var flags = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(flags, deleteVolatileState ? 1u : 0u);
        await SendAsync(CmdInit, flags, 0, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Asks swtpm to save its state and terminate (a graceful shutdown of the emulator process).</summary>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>A task that completes when swtpm has acknowledged.</returns>
    public async Task ShutdownAsync(CancellationToken cancellationToken = default) =>
        await SendAsync(CmdShutdown, ReadOnlyMemory<byte>.Empty, 0, cancellationToken).ConfigureAwait(false);

    private async Task<byte[]> SendAsync(uint command, ReadOnlyMemory<byte> payload, int answerSize, CancellationToken cancellationToken)
    {
        using var client = new TcpClient { NoDelay = true };
        try
        {
            await client.ConnectAsync(_host, _port, cancellationToken).ConfigureAwait(false);
            var stream = client.GetStream();
            await using (stream.ConfigureAwait(false))
            {
                var request = new byte[4 + payload.Length];
                BinaryPrimitives.WriteUInt32BigEndian(request, command);
                payload.CopyTo(request.AsMemory(4));
                await stream.WriteAsync(request, cancellationToken).ConfigureAwait(false);
                var result = new byte[4];
                await stream.ReadExactlyAsync(result, cancellationToken).ConfigureAwait(false);
                var code = BinaryPrimitives.ReadUInt32BigEndian(result);
                if (code != 0)
                {
                    throw new TpmTransportException($"swtpm control command {command} failed with result 0x{code:X8}.");
                }

                var answer = new byte[answerSize];
                await stream.ReadExactlyAsync(answer, cancellationToken).ConfigureAwait(false);
                return answer;
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or EndOfStreamException)
        {
            throw new TpmTransportException($"swtpm control channel {_host}:{_port} command {command} failed.", ex);
        }
    }
}
