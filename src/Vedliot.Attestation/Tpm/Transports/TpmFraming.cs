using System.Buffers.Binary;
using System.Globalization;
using Vedliot.Attestation.Tpm.Structures;

namespace Vedliot.Attestation.Tpm.Transports;

/// <summary>Reads a complete TPM response (header-sized) from a byte stream.</summary>
internal static class TpmFraming
{
    /// <summary>Size of a TPM 2.0 response header: tag, responseSize, responseCode (TPM 2.0 Part 1, 18.7).</summary>
    public const int HeaderSize = 10;

    /// <summary>Largest response accepted from any transport.</summary>
    public const int MaxResponseSize = 16 * 1024;

    /// <summary>The command code (TPM_CC) in a command's header (TPM 2.0 Part 1, 18.7), or null when the command is too short to hold one.</summary>
    public static uint? CommandCode(ReadOnlySpan<byte> command) =>
        command.Length >= HeaderSize ? BinaryPrimitives.ReadUInt32BigEndian(command[6..]) : null;

    /// <summary>A command code as people read it, e.g. <c>TPM2_GetRandom (0x0000017B)</c> (names from TPM 2.0 Part 2, Table 12).</summary>
    public static string CommandName(uint code) =>
        Enum.IsDefined((TpmCommandCode)code)
            ? string.Create(CultureInfo.InvariantCulture, $"TPM2_{(TpmCommandCode)code} (0x{code:X8})")
            : string.Create(CultureInfo.InvariantCulture, $"command 0x{code:X8}");

    public static async Task<byte[]> ReadResponseAsync(Stream stream, CancellationToken cancellationToken)
    {
        var header = new byte[HeaderSize];
        await stream.ReadExactlyAsync(header, cancellationToken).ConfigureAwait(false);
        var size = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(2, 4));
        if (size < HeaderSize || size > MaxResponseSize)
        {
            throw new TpmTransportException($"Response header announces {size} bytes; expected {HeaderSize}..{MaxResponseSize} (TPM 2.0 Part 1, 18.7).");
        }

        var response = new byte[size];
        header.CopyTo(response, 0);
        await stream.ReadExactlyAsync(response.AsMemory(HeaderSize), cancellationToken).ConfigureAwait(false);
        return response;
    }
}
