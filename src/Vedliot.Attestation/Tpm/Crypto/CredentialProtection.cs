using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using Vedliot.Attestation.Tpm.Marshalling;
using Vedliot.Attestation.Tpm.Structures;

namespace Vedliot.Attestation.Tpm.Crypto;

/// <summary>
/// MakeCredential done off the TPM, with .NET cryptography (TPM 2.0 Part 1, 24 "Credential Protection"; the
/// TPM-side counterpart is TPM2_ActivateCredential). A random seed is encrypted to the EK with RSA-OAEP
/// (SHA-256, label "IDENTITY\0"); the credential is encrypted with AES-CFB under KDFa(seed, "STORAGE",
/// Name(AK)) and protected by an HMAC under KDFa(seed, "INTEGRITY") over the ciphertext and Name(AK).
/// </summary>
/// <remarks>
/// .NET's OAEP padding takes no label, so the OAEP encoding (RFC 8017, 7.1.1, EME-OAEP with MGF1) is built here
/// and the RSA public-key operation is a modular exponentiation of the encoded block.
/// </remarks>
public static class CredentialProtection
{
    private const string IdentityLabel = "IDENTITY";

    /// <summary>Makes a credential that only the TPM holding <paramref name="ekPublic"/> can release, and only for the object <paramref name="objectName"/>.</summary>
    /// <param name="ekPublic">The EK public area (RSA, storage key: restricted decrypt with AES-CFB symmetric).</param>
    /// <param name="objectName">Name of the key the credential is bound to (the AK).</param>
    /// <param name="credential">The secret to protect (at most the EK nameAlg digest size).</param>
    /// <returns>The credential blob and encrypted seed for TPM2_ActivateCredential.</returns>
    public static IdentityCredential MakeCredential(TpmPublicArea ekPublic, ReadOnlySpan<byte> objectName, ReadOnlySpan<byte> credential)
    {
        ArgumentNullException.ThrowIfNull(ekPublic);
        var p = ekPublic.Parameters;
        if (ekPublic.Type != TpmAlgorithm.Rsa || p.SymmetricAlgorithm != TpmAlgorithm.Aes || p.SymmetricMode != TpmAlgorithm.Cfb)
        {
            throw new ArgumentException("The EK must be an RSA storage key with AES-CFB protection (TCG EK Credential Profile).", nameof(ekPublic));
        }

        var nameAlg = ekPublic.NameAlgorithm;
        var digestSize = TpmHash.DigestSize(nameAlg);
        if (credential.Length == 0 || credential.Length > digestSize)
        {
            throw new ArgumentException($"The credential must be 1..{digestSize} bytes.", nameof(credential));
        }

        var seed = RandomNumberGenerator.GetBytes(digestSize);
        try
        {
            var encryptedSeed = RsaOaepEncrypt(ekPublic, seed, IdentityLabel);

            var symmetricKey = TpmKdf.Kdfa(nameAlg, seed, "STORAGE", objectName, [], p.SymmetricKeyBits);
            var plain = new TpmWriter(2 + credential.Length);
            plain.WriteSized(credential);
            var encryptedIdentity = AesCfbEncrypt(symmetricKey, plain.WrittenSpan);

            var hmacKey = TpmKdf.Kdfa(nameAlg, seed, "INTEGRITY", [], [], digestSize * 8);
            var hmacInput = new byte[encryptedIdentity.Length + objectName.Length];
            encryptedIdentity.CopyTo(hmacInput, 0);
            objectName.CopyTo(hmacInput.AsSpan(encryptedIdentity.Length));
            var outerHmac = CryptographicOperations.HmacData(TpmHash.ToHashAlgorithmName(nameAlg), hmacKey, hmacInput);

            var blob = new TpmWriter(2 + outerHmac.Length + encryptedIdentity.Length);
            blob.WriteSized(outerHmac);
            blob.WriteBytes(encryptedIdentity);
            CryptographicOperations.ZeroMemory(symmetricKey);
            CryptographicOperations.ZeroMemory(hmacKey);
            return new IdentityCredential(blob.ToArray(), encryptedSeed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <summary>RSA-OAEP encryption with MGF1 and a label (RFC 8017, 7.1.1) under an RSA TPM public key; the hash is the key's nameAlg.</summary>
    /// <param name="key">RSA public area.</param>
    /// <param name="message">The message.</param>
    /// <param name="label">The label; a terminating 0x00 is appended (TPM 2.0 Part 1, B.10.3).</param>
    /// <returns>The ciphertext, as long as the modulus.</returns>
    public static byte[] RsaOaepEncrypt(TpmPublicArea key, ReadOnlySpan<byte> message, string label)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(label);
        var hash = key.NameAlgorithm;
        var hLen = TpmHash.DigestSize(hash);
        var k = key.Unique.Length;
        if (message.Length > k - (2 * hLen) - 2)
        {
            throw new ArgumentException("Message too long for RSA-OAEP with this key.", nameof(message));
        }

        var labelBytes = Encoding.ASCII.GetBytes(label + "\0");
        var db = new byte[k - hLen - 1];
        TpmHash.Hash(hash, labelBytes).CopyTo(db, 0);
        db[db.Length - message.Length - 1] = 0x01;
        message.CopyTo(db.AsSpan(db.Length - message.Length));
        var seed = RandomNumberGenerator.GetBytes(hLen);
        Xor(db, Mgf1(hash, seed, db.Length));
        Xor(seed, Mgf1(hash, db, hLen));

        var encoded = new byte[k];
        seed.CopyTo(encoded, 1);
        db.CopyTo(encoded, 1 + hLen);

        var modulus = new BigInteger(key.Unique.Span, isUnsigned: true, isBigEndian: true);
        var exponent = new BigInteger(key.Parameters.Exponent == 0 ? 65537u : key.Parameters.Exponent);
        var c = BigInteger.ModPow(new BigInteger(encoded, isUnsigned: true, isBigEndian: true), exponent, modulus);
        var bytes = c.ToByteArray(isUnsigned: true, isBigEndian: true);
        var result = new byte[k];
        bytes.CopyTo(result, k - bytes.Length);
        return result;
    }

    private static byte[] Mgf1(TpmAlgorithm hash, ReadOnlySpan<byte> seed, int length)
    {
        var output = new byte[length];
        var input = new byte[seed.Length + 4];
        seed.CopyTo(input);
        var produced = 0;
        for (uint counter = 0; produced < length; counter++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(input.AsSpan(seed.Length), counter);
            var block = TpmHash.Hash(hash, input);
            var take = Math.Min(block.Length, length - produced);
            block.AsSpan(0, take).CopyTo(output.AsSpan(produced));
            produced += take;
        }

        return output;
    }

    private static void Xor(Span<byte> target, ReadOnlySpan<byte> mask)
    {
        for (var i = 0; i < target.Length; i++)
        {
            target[i] ^= mask[i];
        }
    }

    /// <summary>AES in CFB mode with a full-block (128-bit) feedback and a zero IV (TPM 2.0 Part 1, C.5.2), for any length.</summary>
    private static byte[] AesCfbEncrypt(byte[] key, ReadOnlySpan<byte> plain)
    {
        using var aes = Aes.Create();
        aes.Key = key;
        var output = new byte[plain.Length];
        Span<byte> register = stackalloc byte[16];
        register.Clear();
        Span<byte> stream = stackalloc byte[16];
        for (var offset = 0; offset < plain.Length; offset += 16)
        {
            aes.EncryptEcb(register, stream, PaddingMode.None);
            var n = Math.Min(16, plain.Length - offset);
            for (var i = 0; i < n; i++)
            {
                output[offset + i] = (byte)(plain[offset + i] ^ stream[i]);
            }

            if (n == 16)
            {
                output.AsSpan(offset, 16).CopyTo(register);
            }
        }

        return output;
    }
}
