using Vedliot.Attestation.Tpm.Structures;

namespace Vedliot.Attestation.Tpm;

/// <summary>Key templates for the endorsement key and the attestation key.</summary>
public static class KeyTemplates
{
    /// <summary>
    /// The authPolicy of the default EK: PolicySecret(TPM_RH_ENDORSEMENT) with SHA-256
    /// (TCG EK Credential Profile 2.0, B.3.3 / Table 2).
    /// </summary>
    public static ReadOnlyMemory<byte> EndorsementPolicy { get; } = Convert.FromHexString("837197674484B3F81A90CC8D46A5D724FD52D76E06520B64F2A1DA1B331469AA");

    /// <summary>
    /// The RSA 2048 EK template L-1 (TCG EK Credential Profile 2.0, B.3.3): a restricted decryption key with
    /// fixedTPM, fixedParent, sensitiveDataOrigin, adminWithPolicy, AES-128-CFB, and a 256-byte zero unique field.
    /// CreatePrimary with it in the endorsement hierarchy reproduces the key certified at NV 0x01C00002.
    /// </summary>
    public static TpmPublicArea RsaEndorsementKey { get; } = new(
        TpmAlgorithm.Rsa,
        TpmAlgorithm.Sha256,
        ObjectAttributes.FixedTpm | ObjectAttributes.FixedParent | ObjectAttributes.SensitiveDataOrigin
            | ObjectAttributes.AdminWithPolicy | ObjectAttributes.Restricted | ObjectAttributes.Decrypt,
        EndorsementPolicy,
        new RsaParameters(TpmAlgorithm.Aes, 128, TpmAlgorithm.Cfb, TpmAlgorithm.Null, TpmAlgorithm.Null, 2048, 0),
        new byte[256]);

    /// <summary>
    /// An RSA 2048 attestation key: restricted signing with RSASSA-SHA256, fixedTPM, fixedParent,
    /// sensitiveDataOrigin, userWithAuth (empty password), as tpm2_createak makes it.
    /// </summary>
    public static TpmPublicArea RsaAttestationKey { get; } = new(
        TpmAlgorithm.Rsa,
        TpmAlgorithm.Sha256,
        ObjectAttributes.FixedTpm | ObjectAttributes.FixedParent | ObjectAttributes.SensitiveDataOrigin
            | ObjectAttributes.UserWithAuth | ObjectAttributes.Restricted | ObjectAttributes.Sign,
        ReadOnlyMemory<byte>.Empty,
        new RsaParameters(TpmAlgorithm.Null, 0, TpmAlgorithm.Null, TpmAlgorithm.RsaSsa, TpmAlgorithm.Sha256, 2048, 0),
        ReadOnlyMemory<byte>.Empty);

    /// <summary>Attributes an AK must have to be accepted by the verifier.</summary>
    public const ObjectAttributes RequiredAttestationKeyAttributes =
        ObjectAttributes.FixedTpm | ObjectAttributes.FixedParent | ObjectAttributes.SensitiveDataOrigin
        | ObjectAttributes.Restricted | ObjectAttributes.Sign;
}
