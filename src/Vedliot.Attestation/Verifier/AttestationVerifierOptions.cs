namespace Vedliot.Attestation.Verifier;

/// <summary>Options for <see cref="AttestationVerifier"/>.</summary>
public sealed class AttestationVerifierOptions
{
    /// <summary>How long an issued nonce may be answered; older answers are stale. Default 30 seconds.</summary>
    public TimeSpan NonceLifetime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Nonce size in bytes (16..64; TPM2B_DATA allows at most 64). Default 32.</summary>
    public int NonceSizeBytes { get; set; } = 32;

    /// <summary>
    /// Whether a node's log must keep growing while its TPM is not reset: the application PCR is resettable, so a
    /// log that no longer starts with the last trusted events under unchanged TPM reset/restart counters means
    /// the PCR was reset and replayed (<see cref="AttestationFailure.HistoryRewound"/>). A legitimate agent
    /// restart then needs an operator's <see cref="AttestationVerifier.ForgetHistory"/>. Default true.
    /// </summary>
    public bool RequireLogContinuity { get; set; } = true;

    /// <summary>Checks the values.</summary>
    /// <exception cref="InvalidOperationException">A value is out of range.</exception>
    public void Validate()
    {
        if (NonceLifetime <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("AttestationVerifierOptions.NonceLifetime must be positive.");
        }

        if (NonceSizeBytes is < 16 or > 64)
        {
            throw new InvalidOperationException("AttestationVerifierOptions.NonceSizeBytes must be 16..64.");
        }
    }
}
