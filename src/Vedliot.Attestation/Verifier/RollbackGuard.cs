using Vedliot.Attestation.Enrollment;

namespace Vedliot.Attestation.Verifier;

/// <summary>
/// Refuses a TPM rolled back to an earlier state: compares each authentic quote's TPMS_CLOCK_INFO with the node's
/// <see cref="TpmClockFloor"/> in the enrollment store, and raises the floor when the quote may follow it. The floor
/// is read from the store on every check, so verifiers in other processes sharing the store (a restarted
/// orchestrator, each <c>vedliot attest verify</c> run) see one another's floors. Thread-safe.
/// </summary>
/// <param name="store">Where floors are kept.</param>
/// <param name="sameCycleTolerance">How far clock may go back within a boot cycle (the nonce lifetime: quotes verified out of order).</param>
internal sealed class RollbackGuard(IEnrollmentStore store, TimeSpan sameCycleTolerance) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>
    /// The verdict, turned into <see cref="AttestationFailure.TpmRolledBack"/> when its TPM state is earlier than the
    /// floor. Quotes whose signature or nonce did not verify are passed through: their clock is not the TPM's word.
    /// </summary>
    /// <param name="verdict">The stateless verdict of the quote.</param>
    /// <param name="cancellationToken">Cancels the store's read and write.</param>
    /// <returns>The verdict, possibly refused.</returns>
    /// <exception cref="Storage.AttestationStateFileException">The stored floor is damaged.</exception>
    public async Task<AttestationResult> CheckAsync(AttestationResult verdict, CancellationToken cancellationToken)
    {
        if (verdict.Clock is not { } clock || !IsAuthentic(verdict.Failure))
        {
            return verdict;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var floor = await store.GetClockFloorAsync(verdict.NodeId, cancellationToken).ConfigureAwait(false);
            if (floor?.RollbackReason(clock, sameCycleTolerance) is { } reason)
            {
                return verdict.Trusted ? verdict with { Failure = AttestationFailure.TpmRolledBack, Detail = reason + "." } : verdict;
            }

            var next = floor?.Advance(clock, verdict.VerifiedAt) ?? TpmClockFloor.Of(clock, verdict.VerifiedAt);
            if (next != floor)
            {
                await store.SetClockFloorAsync(verdict.NodeId, next, cancellationToken).ConfigureAwait(false);
            }

            return verdict;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();

    // Failures QuoteVerifier reports only after the AK's signature and the nonce verified.
    private static bool IsAuthentic(AttestationFailure failure) => failure is AttestationFailure.None
        or AttestationFailure.PcrSelectionMismatch
        or AttestationFailure.PcrDigestMismatch
        or AttestationFailure.MalformedLog
        or AttestationFailure.LogReplayMismatch
        or AttestationFailure.DigestNotAllowed
        or AttestationFailure.PcrValueNotAllowed;
}
