using System.Buffers.Binary;
using System.Security.Cryptography;
using Vedliot.Attestation.Tpm.Structures;

namespace Vedliot.Attestation.Tpm.Crypto;

/// <summary>KDFa: the SP 800-108 counter-mode KDF with HMAC used throughout TPM 2.0 (TPM 2.0 Part 1, 11.4.10.2).</summary>
public static class TpmKdf
{
    /// <summary>Derives <paramref name="bits"/> bits of key material.</summary>
    /// <param name="hash">The HMAC hash.</param>
    /// <param name="key">The secret key.</param>
    /// <param name="label">The label without terminator; a 0x00 octet is appended as the specification requires.</param>
    /// <param name="contextU">First context value.</param>
    /// <param name="contextV">Second context value.</param>
    /// <param name="bits">Number of bits to derive (a multiple of 8).</param>
    /// <returns>The derived bytes.</returns>
    public static byte[] Kdfa(TpmAlgorithm hash, ReadOnlySpan<byte> key, string label, ReadOnlySpan<byte> contextU, ReadOnlySpan<byte> contextV, int bits)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (bits <= 0 || bits % 8 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(bits), bits, "KDFa output must be a positive whole number of bytes.");
        }

        var name = TpmHash.ToHashAlgorithmName(hash);
        var labelBytes = System.Text.Encoding.ASCII.GetBytes(label);
        var input = new byte[4 + labelBytes.Length + 1 + contextU.Length + contextV.Length + 4];
        labelBytes.CopyTo(input, 4);
        contextU.CopyTo(input.AsSpan(4 + labelBytes.Length + 1));
        contextV.CopyTo(input.AsSpan(4 + labelBytes.Length + 1 + contextU.Length));
        BinaryPrimitives.WriteUInt32BigEndian(input.AsSpan(input.Length - 4), (uint)bits);

        var output = new byte[bits / 8];
        var produced = 0;
        for (uint counter = 1; produced < output.Length; counter++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(input, counter);
            var block = CryptographicOperations.HmacData(name, key, input);
            var take = Math.Min(block.Length, output.Length - produced);
            block.AsSpan(0, take).CopyTo(output.AsSpan(produced));
            produced += take;
        }

        return output;
    }
}
