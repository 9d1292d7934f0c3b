namespace Vedliot.Attestation.Enrollment;

/// <summary>
/// Durable record of AK–EK bindings (each node is bound once) and, beside each binding, the latest TPM clock
/// state the verifier accepted from the node (<see cref="TpmClockFloor"/>), so that a TPM rolled back to an
/// earlier state is refused across verifier restarts.
/// </summary>
public interface IEnrollmentStore
{
    /// <summary>Reads a node's binding.</summary>
    /// <param name="nodeId">The node.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The record, or null when the node is not enrolled.</returns>
    Task<EnrollmentRecord?> GetAsync(string nodeId, CancellationToken cancellationToken = default);

    /// <summary>Records a binding unless the node already has one.</summary>
    /// <param name="record">The binding.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>True if recorded; false if the node already had a binding (which is left unchanged).</returns>
    Task<bool> TryAddAsync(EnrollmentRecord record, CancellationToken cancellationToken = default);

    /// <summary>Reads the latest TPM clock state accepted from a node.</summary>
    /// <param name="nodeId">The node.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The floor, or null when no quote of the node was accepted yet.</returns>
    Task<TpmClockFloor?> GetClockFloorAsync(string nodeId, CancellationToken cancellationToken = default);

    /// <summary>Replaces the latest TPM clock state accepted from a node (durably, before a verdict that relies on it is returned).</summary>
    /// <param name="nodeId">The node.</param>
    /// <param name="floor">The new floor.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the floor is stored.</returns>
    Task SetClockFloorAsync(string nodeId, TpmClockFloor floor, CancellationToken cancellationToken = default);
}
