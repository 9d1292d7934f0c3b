using System.Collections.Concurrent;
using Vedliot.Attestation.Verifier;

namespace Vedliot.Attestation.Attester;

/// <summary>An <see cref="INodeAttestationChannel"/> that calls attesters in the same process (single-host deployments, demos, tests).</summary>
public sealed class LocalAttestationChannel : INodeAttestationChannel
{
    private readonly ConcurrentDictionary<string, NodeAttester> _attesters = new(StringComparer.Ordinal);

    /// <summary>Registers an attester under its node id (replacing any previous one).</summary>
    /// <param name="attester">The attester; not owned.</param>
    public void Add(NodeAttester attester)
    {
        ArgumentNullException.ThrowIfNull(attester);
        _attesters[attester.NodeId] = attester;
    }

    /// <summary>Removes a node; later challenges to it fail as unreachable.</summary>
    /// <param name="nodeId">The node.</param>
    public void Remove(string nodeId) => _attesters.TryRemove(nodeId, out _);

    /// <inheritdoc />
    public Task<AttestationEvidence> RequestEvidenceAsync(AttestationChallenge challenge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        return _attesters.TryGetValue(challenge.NodeId, out var attester)
            ? attester.QuoteAsync(challenge, cancellationToken)
            : Task.FromException<AttestationEvidence>(new InvalidOperationException($"Node {challenge.NodeId} is not reachable on this channel."));
    }
}
