namespace Vedliot.Attestation.Enrollment;

/// <summary>What a node sends to enroll: its EK certificate, EK public area and a new attestation key's public area.</summary>
/// <param name="NodeId">The node's identifier (see <see cref="NodeIds"/>).</param>
/// <param name="EkCertificate">DER EK certificate read from NV index 0x01C00002.</param>
/// <param name="EkPublic">TPMT_PUBLIC of the EK.</param>
/// <param name="AkPublic">TPMT_PUBLIC of the AK.</param>
public sealed record EnrollmentRequest(string NodeId, ReadOnlyMemory<byte> EkCertificate, ReadOnlyMemory<byte> EkPublic, ReadOnlyMemory<byte> AkPublic);

/// <summary>The verifier's challenge: a secret sealed by MakeCredential to the node's EK and AK Name.</summary>
/// <param name="NodeId">The node the challenge is for.</param>
/// <param name="CredentialBlob">TPM2B_ID_OBJECT contents.</param>
/// <param name="EncryptedSecret">TPM2B_ENCRYPTED_SECRET contents.</param>
public sealed record EnrollmentChallenge(string NodeId, ReadOnlyMemory<byte> CredentialBlob, ReadOnlyMemory<byte> EncryptedSecret);

/// <summary>The node's answer: the secret released by TPM2_ActivateCredential.</summary>
/// <param name="NodeId">The node.</param>
/// <param name="Secret">The released credential.</param>
public sealed record EnrollmentResponse(string NodeId, ReadOnlyMemory<byte> Secret);

/// <summary>A recorded AK–EK binding.</summary>
/// <param name="NodeId">The node.</param>
/// <param name="EkPublic">TPMT_PUBLIC of the EK.</param>
/// <param name="AkPublic">TPMT_PUBLIC of the AK.</param>
/// <param name="AkName">The AK's Name.</param>
/// <param name="EnrolledAt">When the binding was proven.</param>
public sealed record EnrollmentRecord(string NodeId, ReadOnlyMemory<byte> EkPublic, ReadOnlyMemory<byte> AkPublic, ReadOnlyMemory<byte> AkName, DateTimeOffset EnrolledAt);

/// <summary>Why an enrollment was refused.</summary>
public enum EnrollmentFailure
{
    /// <summary>Not refused.</summary>
    None,
    /// <summary>The node id or a public area could not be parsed.</summary>
    MalformedRequest,
    /// <summary>The EK certificate could not be parsed or is not an RSA certificate.</summary>
    EkCertificateInvalid,
    /// <summary>The EK certificate does not chain to a configured CA (or is outside its validity period).</summary>
    EkCertificateUntrusted,
    /// <summary>The EK certificate certifies another key than the EK presented.</summary>
    EkCertificateKeyMismatch,
    /// <summary>The presented EK is not a restricted decryption key per the EK profile.</summary>
    EkAttributesInvalid,
    /// <summary>The presented AK is not a restricted, TPM-resident signing key.</summary>
    AkAttributesInvalid,
    /// <summary>The node is already bound to a different AK.</summary>
    AkMismatch,
    /// <summary>The node is already bound to a different EK (another TPM).</summary>
    EkMismatch,
    /// <summary>No challenge is outstanding for this node.</summary>
    NoPendingChallenge,
    /// <summary>The challenge expired before the answer arrived.</summary>
    ChallengeExpired,
    /// <summary>The released secret is wrong: the AK is not in the same TPM as the EK.</summary>
    CredentialMismatch,
}

/// <summary>Outcome of an enrollment step.</summary>
/// <param name="Failure">Why it failed, or <see cref="EnrollmentFailure.None"/>.</param>
/// <param name="Detail">Human-readable explanation.</param>
/// <param name="Challenge">The challenge to send (from <see cref="EnrollmentVerifier.BeginAsync"/> on success).</param>
/// <param name="Record">The binding (from <see cref="EnrollmentVerifier.CompleteAsync"/> on success).</param>
public sealed record EnrollmentResult(EnrollmentFailure Failure, string Detail, EnrollmentChallenge? Challenge = null, EnrollmentRecord? Record = null)
{
    /// <summary>Whether the step succeeded.</summary>
    public bool Succeeded => Failure == EnrollmentFailure.None;
}

/// <summary>Rules for node identifiers (they name files in <see cref="FileEnrollmentStore"/>).</summary>
public static class NodeIds
{
    /// <summary>Whether an id is 1–128 characters of letters, digits, '.', '_' or '-' and does not start with '.'.</summary>
    /// <param name="nodeId">The id.</param>
    /// <returns>True when valid.</returns>
    public static bool IsValid(string? nodeId) =>
        !string.IsNullOrEmpty(nodeId) && nodeId.Length <= 128 && nodeId[0] != '.'
        && nodeId.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}
