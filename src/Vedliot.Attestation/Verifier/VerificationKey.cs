using System.Security.Cryptography;
using Vedliot.Attestation.Tpm.Crypto;
using Vedliot.Attestation.Tpm.Structures;

namespace Vedliot.Attestation.Verifier;

/// <summary>An AK public key prepared for repeated signature checks (the RSA object is built once). Owns an <see cref="RSA"/>; dispose it.</summary>
public sealed class VerificationKey : IDisposable
{
    private readonly RSA _rsa;

    /// <summary>Prepares an RSA AK public area.</summary>
    /// <param name="akPublic">The AK public area.</param>
    public VerificationKey(TpmPublicArea akPublic)
    {
        ArgumentNullException.ThrowIfNull(akPublic);
        if (akPublic.Type != TpmAlgorithm.Rsa)
        {
            throw new ArgumentException("Only RSA attestation keys are supported.", nameof(akPublic));
        }

        PublicArea = akPublic;
        Name = TpmHash.ComputeName(akPublic);
        var exponent = akPublic.Parameters.Exponent == 0 ? 65537u : akPublic.Parameters.Exponent;
        var e = new System.Numerics.BigInteger(exponent).ToByteArray(isUnsigned: true, isBigEndian: true);
        _rsa = RSA.Create(new RSAParameters { Modulus = akPublic.Unique.ToArray(), Exponent = e });
    }

    /// <summary>The AK public area.</summary>
    public TpmPublicArea PublicArea { get; }

    /// <summary>The AK Name.</summary>
    public ReadOnlyMemory<byte> Name { get; }

    /// <summary>Verifies an RSASSA or RSAPSS signature over data.</summary>
    /// <param name="data">Signed data.</param>
    /// <param name="signature">The signature.</param>
    /// <returns>True when valid.</returns>
    public bool Verify(ReadOnlySpan<byte> data, TpmSignature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        if (!TpmHash.IsSupported(signature.Hash))
        {
            return false;
        }

        var padding = signature.Scheme switch
        {
            TpmAlgorithm.RsaSsa => RSASignaturePadding.Pkcs1,
            TpmAlgorithm.RsaPss => RSASignaturePadding.Pss,
            _ => null,
        };
        return padding is not null && _rsa.VerifyData(data, signature.Value.Span, TpmHash.ToHashAlgorithmName(signature.Hash), padding);
    }

    /// <inheritdoc />
    public void Dispose() => _rsa.Dispose();
}
