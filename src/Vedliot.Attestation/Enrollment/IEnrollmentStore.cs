namespace Vedliot.Attestation.Enrollment;

/// <summary>Durable record of AK–EK bindings: each node is bound once.</summary>
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
}
