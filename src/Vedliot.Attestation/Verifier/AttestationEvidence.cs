using Vedliot.Attestation.Measurement;
using Vedliot.Attestation.Tpm.Structures;

namespace Vedliot.Attestation.Verifier;

/// <summary>A verifier's request for evidence.</summary>
/// <param name="NodeId">The node asked.</param>
/// <param name="Nonce">Fresh, single-use qualifying data for the quote.</param>
/// <param name="Pcrs">PCRs (SHA-256 bank) to quote, ascending.</param>
public sealed record AttestationChallenge(string NodeId, ReadOnlyMemory<byte> Nonce, IReadOnlyList<int> Pcrs);

/// <summary>What a node returns for a challenge: the signed quote, the PCR values it covers and the measurement log.</summary>
/// <param name="NodeId">The node.</param>
/// <param name="Quote">The TPMS_ATTEST bytes exactly as the TPM signed them.</param>
/// <param name="Signature">The TPMT_SIGNATURE bytes.</param>
/// <param name="PcrValues">Values of the quoted PCRs (SHA-256 bank) read with the quote.</param>
/// <param name="Log">The measurement log.</param>
public sealed record AttestationEvidence(
    string NodeId,
    ReadOnlyMemory<byte> Quote,
    ReadOnlyMemory<byte> Signature,
    IReadOnlyDictionary<int, ReadOnlyMemory<byte>> PcrValues,
    MeasurementLog Log);

/// <summary>Why a node is not trusted.</summary>
public enum AttestationFailure
{
    /// <summary>No failure: trusted.</summary>
    None,
    /// <summary>The node has no recorded AK–EK binding.</summary>
    NotEnrolled,
    /// <summary>The nonce was never issued to this node.</summary>
    NonceUnknown,
    /// <summary>The nonce was already used (a replayed quote).</summary>
    NonceReplayed,
    /// <summary>The nonce expired before the evidence arrived (stale).</summary>
    NonceExpired,
    /// <summary>The quote is not a well-formed TPMS_ATTEST quote.</summary>
    MalformedQuote,
    /// <summary>The signature is not a well-formed TPMT_SIGNATURE.</summary>
    MalformedSignature,
    /// <summary>The quote's magic is not TPM_GENERATED_VALUE.</summary>
    NotTpmGenerated,
    /// <summary>The signature does not verify under the enrolled AK (tampered, or another TPM's key).</summary>
    SignatureInvalid,
    /// <summary>The quote's qualifying data is not the nonce of this challenge.</summary>
    NonceMismatch,
    /// <summary>The quote covers other PCRs than the policy requires.</summary>
    PcrSelectionMismatch,
    /// <summary>The reported PCR values do not hash to the quoted PCR digest.</summary>
    PcrDigestMismatch,
    /// <summary>Replaying the log does not give the quoted measurement PCR (edited log or measurement outside the log).</summary>
    LogReplayMismatch,
    /// <summary>A logged artefact digest is not a golden value for its type.</summary>
    DigestNotAllowed,
    /// <summary>A quoted PCR does not hold its required value.</summary>
    PcrValueNotAllowed,
    /// <summary>The log is malformed or for another PCR than the policy's.</summary>
    MalformedLog,
    /// <summary>
    /// Since the last trusted attestation the TPM was not reset, yet the log no longer starts with the events
    /// then trusted (the application PCR was reset and replayed), or the TPM's reset counters went backwards.
    /// </summary>
    HistoryRewound,
    /// <summary>
    /// The quote's TPMS_CLOCK_INFO shows a TPM earlier than one the verifier already accepted (clock back within a
    /// boot cycle, resetCount or restartCount decreasing): the TPM's state was restored from a snapshot. The floor
    /// is kept with the enrollment, so this holds across verifier restarts and <see cref="AttestationVerifier.ForgetHistory"/>.
    /// </summary>
    TpmRolledBack,
    /// <summary>The node did not answer in time.</summary>
    NoResponse,
    /// <summary>The node answered with an error.</summary>
    NodeError,
}

/// <summary>Trust state of a node as seen by the verifier.</summary>
public enum TrustState
{
    /// <summary>Never attested.</summary>
    Unknown,
    /// <summary>The last attestation succeeded.</summary>
    Trusted,
    /// <summary>The last attestation failed, or the node stopped answering.</summary>
    Untrusted,
}

/// <summary>Outcome of one attestation.</summary>
/// <param name="NodeId">The node.</param>
/// <param name="Failure">Why it is untrusted, or <see cref="AttestationFailure.None"/>.</param>
/// <param name="Detail">Human-readable explanation.</param>
/// <param name="VerifiedAt">When the verdict was reached.</param>
/// <param name="Clock">The TPM clock information from the quote, when a quote was parsed.</param>
public sealed record AttestationResult(string NodeId, AttestationFailure Failure, string Detail, DateTimeOffset VerifiedAt, TpmClockInfo? Clock = null)
{
    /// <summary>Whether the node is trusted.</summary>
    public bool Trusted => Failure == AttestationFailure.None;
}

/// <summary>Raised when a node's trust state changes; Trusted → Untrusted is a revocation the runtime publishes.</summary>
/// <param name="previous">State before.</param>
/// <param name="result">The attestation result that caused the change.</param>
public sealed class TrustChangedEventArgs(TrustState previous, AttestationResult result) : EventArgs
{
    /// <summary>The node.</summary>
    public string NodeId => Result.NodeId;

    /// <summary>State before the change.</summary>
    public TrustState Previous { get; } = previous;

    /// <summary>State after the change.</summary>
    public TrustState Current => Result.Trusted ? TrustState.Trusted : TrustState.Untrusted;

    /// <summary>Whether this change revokes trust that was previously granted.</summary>
    public bool IsRevocation => Previous == TrustState.Trusted && Current == TrustState.Untrusted;

    /// <summary>The result that caused the change.</summary>
    public AttestationResult Result { get; } = result;
}
