using System.Collections.Frozen;
using Vedliot.Attestation.Measurement;

namespace Vedliot.Attestation.Policy;

/// <summary>
/// What a verifier accepts: which PCRs must be quoted (SHA-256 bank), the golden digests allowed per artefact
/// type in the measurement log, and optional fixed values for other PCRs (e.g. firmware PCRs 0–7). Immutable;
/// build one with <see cref="AttestationPolicyBuilder"/> or load it with <see cref="AttestationPolicySerializer"/>.
/// </summary>
public sealed class AttestationPolicy
{
    internal AttestationPolicy(int measurementPcr, IReadOnlyList<int> quotedPcrs, FrozenDictionary<ArtefactType, FrozenSet<string>> allowedDigests, FrozenDictionary<int, string> expectedPcrValues)
    {
        MeasurementPcr = measurementPcr;
        QuotedPcrs = quotedPcrs;
        AllowedDigests = allowedDigests;
        ExpectedPcrValues = expectedPcrValues;
    }

    /// <summary>The application PCR that the measurement log replays into.</summary>
    public int MeasurementPcr { get; }

    /// <summary>PCRs (SHA-256 bank) the quote must cover, ascending; always contains <see cref="MeasurementPcr"/>.</summary>
    public IReadOnlyList<int> QuotedPcrs { get; }

    /// <summary>Allowed artefact digests (lower-case hex SHA-256) per artefact type; a type absent here is not allowed at all.</summary>
    public IReadOnlyDictionary<ArtefactType, FrozenSet<string>> AllowedDigests { get; }

    /// <summary>Required values (lower-case hex) of quoted PCRs other than the measurement PCR.</summary>
    public IReadOnlyDictionary<int, string> ExpectedPcrValues { get; }

    /// <summary>Whether an artefact digest is a golden value for its type.</summary>
    /// <param name="type">Artefact type.</param>
    /// <param name="digest">SHA-256 digest.</param>
    /// <returns>True if allowed.</returns>
    public bool IsAllowed(ArtefactType type, ReadOnlySpan<byte> digest) =>
        AllowedDigests.TryGetValue(type, out var allowed) && allowed.Contains(Convert.ToHexStringLower(digest));
}

/// <summary>Builds an <see cref="AttestationPolicy"/>.</summary>
public sealed class AttestationPolicyBuilder
{
    private readonly Dictionary<ArtefactType, HashSet<string>> _allowed = [];
    private readonly Dictionary<int, string> _expected = [];
    private readonly SortedSet<int> _quoted = [];
    private int _measurementPcr = MeasurementLog.DefaultPcr;

    /// <summary>Sets the application PCR (default <see cref="MeasurementLog.DefaultPcr"/>).</summary>
    /// <param name="pcr">PCR index 0..23.</param>
    /// <returns>This builder.</returns>
    public AttestationPolicyBuilder WithMeasurementPcr(int pcr)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pcr);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pcr, 23);
        _measurementPcr = pcr;
        return this;
    }

    /// <summary>Allows an artefact digest for a type.</summary>
    /// <param name="type">Artefact type.</param>
    /// <param name="sha256">The SHA-256 digest (32 bytes).</param>
    /// <returns>This builder.</returns>
    public AttestationPolicyBuilder Allow(ArtefactType type, ReadOnlySpan<byte> sha256)
    {
        if (sha256.Length != 32)
        {
            throw new ArgumentException("A golden digest is a 32-byte SHA-256.", nameof(sha256));
        }

        if (!_allowed.TryGetValue(type, out var set))
        {
            _allowed[type] = set = new HashSet<string>(StringComparer.Ordinal);
        }

        set.Add(Convert.ToHexStringLower(sha256));
        return this;
    }

    /// <summary>Requires a quoted PCR to hold a fixed value.</summary>
    /// <param name="pcr">PCR index.</param>
    /// <param name="sha256Value">The required 32-byte value.</param>
    /// <returns>This builder.</returns>
    public AttestationPolicyBuilder RequirePcr(int pcr, ReadOnlySpan<byte> sha256Value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pcr);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pcr, 23);
        if (sha256Value.Length != 32)
        {
            throw new ArgumentException("A SHA-256 PCR value is 32 bytes.", nameof(sha256Value));
        }

        _quoted.Add(pcr);
        _expected[pcr] = Convert.ToHexStringLower(sha256Value);
        return this;
    }

    /// <summary>Builds the policy.</summary>
    /// <returns>The immutable policy.</returns>
    /// <exception cref="InvalidOperationException">The measurement PCR was also given a fixed value.</exception>
    public AttestationPolicy Build()
    {
        if (_expected.ContainsKey(_measurementPcr))
        {
            throw new InvalidOperationException($"PCR {_measurementPcr} is the measurement PCR; its value comes from the log, not from a fixed value.");
        }

        var quoted = new SortedSet<int>(_quoted) { _measurementPcr };
        return new AttestationPolicy(
            _measurementPcr,
            quoted.ToArray(),
            _allowed.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.ToFrozenSet(StringComparer.Ordinal)),
            _expected.ToFrozenDictionary());
    }
}
