using System.Buffers.Binary;
using System.Security.Cryptography;
using Vedliot.Attestation.Tpm.Marshalling;
using Vedliot.Attestation.Tpm.Structures;

namespace Vedliot.Attestation.Tpm.Crypto;

/// <summary>Hash algorithm helpers: digest sizes, hashing by TPM_ALG_ID, object Names and PCR extend arithmetic.</summary>
public static class TpmHash
{
    /// <summary>Digest size in bytes of a TPM hash algorithm.</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <returns>The size.</returns>
    /// <exception cref="NotSupportedException">The algorithm is not a supported hash.</exception>
    public static int DigestSize(TpmAlgorithm algorithm) => algorithm switch
    {
        TpmAlgorithm.Sha1 => 20,
        TpmAlgorithm.Sha256 => 32,
        TpmAlgorithm.Sha384 => 48,
        TpmAlgorithm.Sha512 => 64,
        _ => throw new NotSupportedException($"{algorithm} is not a supported hash algorithm."),
    };

    /// <summary>Whether the algorithm is a hash Vedliot computes (SHA-1 banks are read but never trusted).</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <returns>True for SHA-256/384/512.</returns>
    public static bool IsSupported(TpmAlgorithm algorithm) =>
        algorithm is TpmAlgorithm.Sha256 or TpmAlgorithm.Sha384 or TpmAlgorithm.Sha512;

    /// <summary>The .NET name of a TPM hash algorithm.</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <returns>The name.</returns>
    public static HashAlgorithmName ToHashAlgorithmName(TpmAlgorithm algorithm) => algorithm switch
    {
        TpmAlgorithm.Sha256 => HashAlgorithmName.SHA256,
        TpmAlgorithm.Sha384 => HashAlgorithmName.SHA384,
        TpmAlgorithm.Sha512 => HashAlgorithmName.SHA512,
        _ => throw new NotSupportedException($"{algorithm} is not a supported hash algorithm."),
    };

    /// <summary>Hashes data with a TPM hash algorithm.</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <param name="data">The data.</param>
    /// <returns>The digest.</returns>
    public static byte[] Hash(TpmAlgorithm algorithm, ReadOnlySpan<byte> data) => algorithm switch
    {
        TpmAlgorithm.Sha256 => SHA256.HashData(data),
        TpmAlgorithm.Sha384 => SHA384.HashData(data),
        TpmAlgorithm.Sha512 => SHA512.HashData(data),
        _ => throw new NotSupportedException($"{algorithm} is not a supported hash algorithm."),
    };

    /// <summary>PCR extend: H(old || digest) (TPM 2.0 Part 1, 17.2).</summary>
    /// <param name="algorithm">The bank's hash.</param>
    /// <param name="current">Current PCR value.</param>
    /// <param name="digest">The digest being extended.</param>
    /// <returns>The new PCR value.</returns>
    public static byte[] Extend(TpmAlgorithm algorithm, ReadOnlySpan<byte> current, ReadOnlySpan<byte> digest)
    {
        Span<byte> buffer = stackalloc byte[current.Length + digest.Length];
        current.CopyTo(buffer);
        digest.CopyTo(buffer[current.Length..]);
        return Hash(algorithm, buffer);
    }

    /// <summary>An object's Name: nameAlg (UINT16) || H_nameAlg(TPMT_PUBLIC) (TPM 2.0 Part 1, 16 "Names").</summary>
    /// <param name="area">The public area.</param>
    /// <returns>The Name.</returns>
    public static byte[] ComputeName(TpmPublicArea area)
    {
        ArgumentNullException.ThrowIfNull(area);
        var digest = Hash(area.NameAlgorithm, TpmMarshaller.EncodePublicArea(area));
        var name = new byte[2 + digest.Length];
        BinaryPrimitives.WriteUInt16BigEndian(name, (ushort)area.NameAlgorithm);
        digest.CopyTo(name, 2);
        return name;
    }
}
