using System.Collections.Concurrent;
using System.Security.Cryptography;
using Vedliot.Attestation.Enrollment;
using Vedliot.Attestation.Measurement;
using Vedliot.Attestation.Policy;
using Vedliot.Attestation.Tpm.Marshalling;

namespace Vedliot.Attestation.Verifier;

/// <summary>
/// The verifier service: issues single-use nonces, verifies evidence against the enrolled AK and the policy,
/// and keeps each node's trust state, raising <see cref="TrustChanged"/> when it changes. A node's AK is read from the
/// enrollment store on its first verification and cached for the verifier's lifetime (bindings never change). Each
/// authentic quote's TPM clock state is checked against, and then recorded as, the node's floor in the enrollment
/// store, so a TPM restored to an earlier state is refused even by a new verifier. Thread-safe.
/// </summary>
public sealed class AttestationVerifier : IDisposable
{
    private readonly IEnrollmentStore _store;
    private AttestationPolicy _policy;
    private readonly AttestationVerifierOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<string, IssuedNonce> _outstanding = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _used = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, VerificationKey> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AttestationResult> _latest = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TrustedHistory> _history = new(StringComparer.Ordinal);
    private readonly Lock _stateLock = new();
    private readonly RollbackGuard _rollback;

    /// <summary>Creates the verifier.</summary>
    /// <param name="store">Recorded AK–EK bindings.</param>
    /// <param name="policy">The policy applied to every node.</param>
    /// <param name="options">Nonce options (validated here).</param>
    /// <param name="timeProvider">Clock for nonce expiry and result time stamps.</param>
    public AttestationVerifier(IEnrollmentStore store, AttestationPolicy policy, AttestationVerifierOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.Validate();
        _store = store;
        _policy = policy;
        _options = options;
        _timeProvider = timeProvider;
        _rollback = new RollbackGuard(store, options.NonceLifetime);
    }

    /// <summary>Raised after a node's trust state changes (including revocations). Handlers run synchronously; keep them short.</summary>
    public event EventHandler<TrustChangedEventArgs>? TrustChanged;

    /// <summary>The policy in force.</summary>
    public AttestationPolicy Policy => Volatile.Read(ref _policy);

    /// <summary>
    /// Replaces the policy for verifications from now on, e.g. when a deployment adds the digests of the
    /// partitions it is about to ship. Trust already granted stands until the node is verified again.
    /// </summary>
    /// <param name="policy">The new policy.</param>
    public void ReplacePolicy(AttestationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        Volatile.Write(ref _policy, policy);
    }

    /// <summary>Issues a fresh nonce for a node; it is valid once, for <see cref="AttestationVerifierOptions.NonceLifetime"/>.</summary>
    /// <param name="nodeId">The node.</param>
    /// <returns>The challenge: the nonce to use as the quote's qualifying data and the PCRs to quote.</returns>
    public AttestationChallenge CreateChallenge(string nodeId)
    {
        ArgumentException.ThrowIfNullOrEmpty(nodeId);
        var nonce = RandomNumberGenerator.GetBytes(_options.NonceSizeBytes);
        var now = _timeProvider.GetUtcNow();
        PurgeUsed(now);
        _outstanding[Key(nodeId, nonce)] = new IssuedNonce(now + _options.NonceLifetime);
        return new AttestationChallenge(nodeId, nonce, Policy.QuotedPcrs);
    }

    /// <summary>Verifies a node's evidence for a nonce this verifier issued, and updates the node's trust state.</summary>
    /// <param name="evidence">The evidence.</param>
    /// <param name="cancellationToken">Cancels the enrollment-store read.</param>
    /// <returns>The verdict.</returns>
    public async Task<AttestationResult> VerifyAsync(AttestationEvidence evidence, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var now = _timeProvider.GetUtcNow();
        var result = await VerifyCoreAsync(evidence, now, cancellationToken).ConfigureAwait(false);
        Record(result);
        return result;
    }

    /// <summary>Marks a node untrusted without evidence (it failed to answer or answered with an error).</summary>
    /// <param name="nodeId">The node.</param>
    /// <param name="failure">The reason.</param>
    /// <param name="detail">Explanation.</param>
    /// <returns>The recorded result.</returns>
    public AttestationResult MarkUntrusted(string nodeId, AttestationFailure failure, string detail)
    {
        if (failure == AttestationFailure.None)
        {
            throw new ArgumentException("An untrusted verdict needs a failure reason.", nameof(failure));
        }

        var result = new AttestationResult(nodeId, failure, detail, _timeProvider.GetUtcNow());
        Record(result);
        return result;
    }

    /// <summary>The trust state of a node.</summary>
    /// <param name="nodeId">The node.</param>
    /// <returns>The state.</returns>
    public TrustState GetTrustState(string nodeId) =>
        !_latest.TryGetValue(nodeId, out var r) ? TrustState.Unknown : r.Trusted ? TrustState.Trusted : TrustState.Untrusted;

    /// <summary>The latest result of every node that has been attested.</summary>
    /// <returns>A snapshot.</returns>
    public IReadOnlyList<AttestationResult> GetLatestResults() => _latest.Values.OrderBy(r => r.NodeId, StringComparer.Ordinal).ToList();

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var key in _keys.Values)
        {
            key.Dispose();
        }

        _keys.Clear();
        _rollback.Dispose();
    }

    private async Task<AttestationResult> VerifyCoreAsync(AttestationEvidence evidence, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var node = evidence.NodeId;
        if (!NodeIds.IsValid(node))
        {
            return new AttestationResult(node ?? string.Empty, AttestationFailure.NotEnrolled, "Invalid node id.", now);
        }

        var nonce = ExtractNonce(evidence, out var formatError);
        if (nonce is null)
        {
            return new AttestationResult(node, AttestationFailure.MalformedQuote, formatError ?? "Malformed quote.", now);
        }

        var nonceKey = Key(node, nonce);
        if (!_outstanding.TryRemove(nonceKey, out var issued))
        {
            return _used.ContainsKey(nonceKey)
                ? new AttestationResult(node, AttestationFailure.NonceReplayed, "This nonce was already answered: replayed evidence.", now)
                : new AttestationResult(node, AttestationFailure.NonceUnknown, "The quote does not answer a nonce issued to this node.", now);
        }

        _used[nonceKey] = issued.ExpiresAt;
        if (now > issued.ExpiresAt)
        {
            return new AttestationResult(node, AttestationFailure.NonceExpired, $"The nonce expired at {issued.ExpiresAt:O}: stale evidence.", now);
        }

        // Bindings are recorded once and never change, so the prepared key is cached after the first read.
        if (!_keys.TryGetValue(node, out var key))
        {
            var record = await _store.GetAsync(node, cancellationToken).ConfigureAwait(false);
            if (record is null)
            {
                return new AttestationResult(node, AttestationFailure.NotEnrolled, $"Node {node} has no AK–EK binding.", now);
            }

            var created = new VerificationKey(TpmMarshaller.DecodePublicArea(record.AkPublic));
            key = _keys.GetOrAdd(node, created);
            if (!ReferenceEquals(key, created))
            {
                created.Dispose();
            }
        }

        var verdict = QuoteVerifier.Verify(evidence, nonce, key, Policy, now);
        verdict = await _rollback.CheckAsync(verdict, cancellationToken).ConfigureAwait(false);
        return verdict.Trusted && _options.RequireLogContinuity ? CheckHistory(evidence, verdict) : verdict;
    }

    private AttestationResult CheckHistory(AttestationEvidence evidence, AttestationResult verdict)
    {
        var clock = verdict.Clock!;
        var digests = evidence.Log.Events.Select(MeasurementLog.EventDigest).ToArray();
        var current = new TrustedHistory(clock.ResetCount, clock.RestartCount, digests);
        if (_history.TryGetValue(verdict.NodeId, out var previous))
        {
            var countersBack = clock.ResetCount < previous.ResetCount
                || (clock.ResetCount == previous.ResetCount && clock.RestartCount < previous.RestartCount);
            var sameBoot = clock.ResetCount == previous.ResetCount && clock.RestartCount == previous.RestartCount;
            var extendsPrevious = digests.Length >= previous.EventDigests.Length
                && previous.EventDigests.Select((d, i) => d.AsSpan().SequenceEqual(digests[i])).All(x => x);
            if (countersBack || (sameBoot && !extendsPrevious))
            {
                return verdict with
                {
                    Failure = AttestationFailure.HistoryRewound,
                    Detail = countersBack
                        ? $"TPM reset/restart counters went back from {previous.ResetCount}/{previous.RestartCount} to {clock.ResetCount}/{clock.RestartCount}."
                        : $"The TPM was not reset since the last trusted attestation, but the log no longer starts with the {previous.EventDigests.Length} event(s) then trusted: the measurement PCR was reset and replayed.",
                };
            }
        }

        _history[verdict.NodeId] = current;
        return verdict;
    }

    /// <summary>
    /// Forgets the trusted log history of a node (an operator action after an approved node-agent restart, which
    /// resets the measurement PCR without a TPM reset). The node's TPM clock floor is kept: a TPM rolled back to an
    /// earlier state stays refused (<see cref="AttestationFailure.TpmRolledBack"/>).
    /// </summary>
    /// <param name="nodeId">The node.</param>
    public void ForgetHistory(string nodeId) => _history.TryRemove(nodeId, out _);

    private static byte[]? ExtractNonce(AttestationEvidence evidence, out string? formatError)
    {
        // The nonce is read from the quote so that replay and staleness are judged before the (costlier)
        // signature check.
        try
        {
            formatError = null;
            return TpmMarshaller.DecodeQuoteAttestation(evidence.Quote).ExtraData.ToArray();
        }
        catch (TpmFormatException ex)
        {
            formatError = ex.Message;
            return null;
        }
    }

    private void Record(AttestationResult result)
    {
        TrustState previous;
        lock (_stateLock)
        {
            previous = GetTrustState(result.NodeId);
            _latest[result.NodeId] = result;
        }

        var current = result.Trusted ? TrustState.Trusted : TrustState.Untrusted;
        if (previous != current)
        {
            TrustChanged?.Invoke(this, new TrustChangedEventArgs(previous, result));
        }
    }

    private void PurgeUsed(DateTimeOffset now)
    {
        foreach (var (key, expires) in _used)
        {
            if (expires < now)
            {
                _used.TryRemove(key, out _);
            }
        }

        foreach (var (key, issued) in _outstanding)
        {
            if (issued.ExpiresAt < now - _options.NonceLifetime)
            {
                _outstanding.TryRemove(key, out _);
            }
        }
    }

    private static string Key(string node, ReadOnlySpan<byte> nonce) => node + "/" + Convert.ToHexStringLower(nonce);

    private sealed record IssuedNonce(DateTimeOffset ExpiresAt);

    private sealed record TrustedHistory(uint ResetCount, uint RestartCount, byte[][] EventDigests);
}
