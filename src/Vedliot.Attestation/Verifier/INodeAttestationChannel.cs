namespace Vedliot.Attestation.Verifier;

/// <summary>How the verifier reaches a node's attester (MQTT in the runtime, in-process in tests and demos).</summary>
public interface INodeAttestationChannel
{
    /// <summary>Sends a challenge to a node and waits for its evidence.</summary>
    /// <param name="challenge">The challenge.</param>
    /// <param name="cancellationToken">Cancelled when the answer is overdue.</param>
    /// <returns>The node's evidence.</returns>
    Task<AttestationEvidence> RequestEvidenceAsync(AttestationChallenge challenge, CancellationToken cancellationToken = default);
}
