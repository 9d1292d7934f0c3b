using System.Buffers.Binary;
using System.Security.Cryptography;
using Vedliot.Attestation.Tpm;
using Vedliot.Attestation.Tpm.Crypto;
using Vedliot.Attestation.Tpm.Structures;

namespace Vedliot.Attestation.Tests.Tpm;

public sealed class CryptoTests
{
    [Fact]
    public void Ek_auth_policy_is_the_policy_secret_digest_of_the_endorsement_hierarchy()
    {
        // PolicySecret: digest = H(H(0^32 || TPM_CC_PolicySecret || Name(TPM_RH_ENDORSEMENT)) || policyRef) (Part 3, 23.4).
        var first = new byte[32 + 4 + 4];
        BinaryPrimitives.WriteUInt32BigEndian(first.AsSpan(32), (uint)TpmCommandCode.PolicySecret);
        BinaryPrimitives.WriteUInt32BigEndian(first.AsSpan(36), TpmHandles.Endorsement);
        var digest = SHA256.HashData(SHA256.HashData(first));
        Assert.Equal(KeyTemplates.EndorsementPolicy.ToArray(), digest);
    }

    [Fact]
    public void Kdfa_matches_a_direct_hmac_counter_construction()
    {
        var key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var contextU = new byte[] { 0xAA, 0xBB };
        var derived = TpmKdf.Kdfa(TpmAlgorithm.Sha256, key, "STORAGE", contextU, [], 384);

        byte[] Block(uint counter)
        {
            var input = new byte[4 + 8 + 2 + 4];
            BinaryPrimitives.WriteUInt32BigEndian(input, counter);
            "STORAGE\0"u8.CopyTo(input.AsSpan(4));
            contextU.CopyTo(input, 12);
            BinaryPrimitives.WriteUInt32BigEndian(input.AsSpan(14), 384);
            return HMACSHA256.HashData(key, input);
        }

        Assert.Equal(Block(1).Concat(Block(2)[..16]).ToArray(), derived);
    }

    [Fact]
    public void Rsa_oaep_with_a_label_decrypts_with_the_private_key()
    {
        using var rsa = RSA.Create(2048);
        var p = rsa.ExportParameters(true);
        var area = KeyTemplates.RsaEndorsementKey with { Unique = p.Modulus! };
        var message = RandomNumberGenerator.GetBytes(32);

        var cipher = CredentialProtection.RsaOaepEncrypt(area, message, "IDENTITY");

        // Decode by hand with the private key (raw RSA via BigInteger), then check the OAEP structure and label hash.
        var n = new System.Numerics.BigInteger(p.Modulus, true, true);
        var d = new System.Numerics.BigInteger(p.D, true, true);
        var em = System.Numerics.BigInteger.ModPow(new System.Numerics.BigInteger(cipher, true, true), d, n).ToByteArray(true, true);
        var full = new byte[256];
        em.CopyTo(full, 256 - em.Length);
        var maskedSeed = full.AsSpan(1, 32).ToArray();
        var maskedDb = full.AsSpan(33).ToArray();
        var seed = Xor(maskedSeed, Mgf1(maskedDb, 32));
        var db = Xor(maskedDb, Mgf1(seed, maskedDb.Length));
        Assert.Equal(0, full[0]);
        Assert.Equal(SHA256.HashData("IDENTITY\0"u8), db[..32]);
        Assert.Equal(message, db[^32..]);
        Assert.Equal(1, db[^33]);
    }

    private static byte[] Mgf1(byte[] seed, int length)
    {
        var output = new List<byte>();
        for (uint c = 0; output.Count < length; c++)
        {
            var input = seed.Concat(new[] { (byte)(c >> 24), (byte)(c >> 16), (byte)(c >> 8), (byte)c }).ToArray();
            output.AddRange(SHA256.HashData(input));
        }

        return output.Take(length).ToArray();
    }

    private static byte[] Xor(byte[] a, byte[] b) => a.Zip(b, (x, y) => (byte)(x ^ y)).ToArray();
}
