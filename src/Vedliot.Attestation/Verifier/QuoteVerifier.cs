using System.Globalization;
using System.Security.Cryptography;
using Vedliot.Attestation.Measurement;
using Vedliot.Attestation.Policy;
using Vedliot.Attestation.Tpm.Crypto;
using Vedliot.Attestation.Tpm.Marshalling;
using Vedliot.Attestation.Tpm.Structures;

namespace Vedliot.Attestation.Verifier;

/// <summary>
/// The pure, stateless checks of one quote: structure, TPM origin, signature under the enrolled AK, nonce,
/// PCR selection, PCR digest, log replay and golden values. Never throws on hostile input; every rejection
/// names its <see cref="AttestationFailure"/>. Thread-safe.
/// </summary>
public static class QuoteVerifier
{
    /// <summary>Verifies evidence against an expected nonce, the enrolled AK and a policy.</summary>
    /// <param name="evidence">The node's evidence.</param>
    /// <param name="expectedNonce">The nonce issued for this challenge.</param>
    /// <param name="key">The enrolled AK.</param>
    /// <param name="policy">The policy.</param>
    /// <param name="now">Time stamp for the result.</param>
    /// <returns>The verdict.</returns>
    public static AttestationResult Verify(AttestationEvidence evidence, ReadOnlySpan<byte> expectedNonce, VerificationKey key, AttestationPolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(policy);
        var node = evidence.NodeId;

        TpmQuoteAttestation attestation;
        try
        {
            attestation = TpmMarshaller.DecodeQuoteAttestation(evidence.Quote);
        }
        catch (TpmFormatException ex)
        {
            return Fail(node, AttestationFailure.MalformedQuote, ex.Message, now);
        }

        var clock = attestation.ClockInfo;
        if (attestation.Magic != TpmMarshaller.TpmGeneratedValue)
        {
            return Fail(node, AttestationFailure.NotTpmGenerated, string.Create(CultureInfo.InvariantCulture, $"magic 0x{attestation.Magic:X8} is not TPM_GENERATED_VALUE: the TPM did not produce this structure."), now, clock);
        }

        TpmSignature signature;
        try
        {
            signature = TpmMarshaller.DecodeSignature(evidence.Signature);
        }
        catch (TpmFormatException ex)
        {
            return Fail(node, AttestationFailure.MalformedSignature, ex.Message, now, clock);
        }

        if (!key.Verify(evidence.Quote.Span, signature))
        {
            return Fail(node, AttestationFailure.SignatureInvalid, $"{signature.Scheme}/{signature.Hash} signature does not verify under the enrolled AK {Convert.ToHexStringLower(key.Name.Span)}.", now, clock);
        }

        if (!CryptographicOperations.FixedTimeEquals(attestation.ExtraData.Span, expectedNonce))
        {
            return Fail(node, AttestationFailure.NonceMismatch, "The quote's qualifying data is not this challenge's nonce.", now, clock);
        }

        var selection = attestation.PcrSelections.Where(s => s.Indices.Count > 0).ToList();
        if (selection.Count != 1 || selection[0].Hash != TpmAlgorithm.Sha256 || !selection[0].Indices.SequenceEqual(policy.QuotedPcrs))
        {
            var quoted = string.Join(", ", selection.Select(s => $"{s.Hash}:[{string.Join(',', s.Indices)}]"));
            return Fail(node, AttestationFailure.PcrSelectionMismatch, $"Quote covers {quoted}; policy requires Sha256:[{string.Join(',', policy.QuotedPcrs)}].", now, clock);
        }

        if (evidence.PcrValues is null)
        {
            return Fail(node, AttestationFailure.PcrDigestMismatch, "No PCR values were reported with the quote.", now, clock);
        }

        var concatenated = new byte[policy.QuotedPcrs.Count * 32];
        for (var i = 0; i < policy.QuotedPcrs.Count; i++)
        {
            if (!evidence.PcrValues.TryGetValue(policy.QuotedPcrs[i], out var value) || value.Length != 32)
            {
                return Fail(node, AttestationFailure.PcrDigestMismatch, $"No 32-byte value reported for quoted PCR {policy.QuotedPcrs[i]}.", now, clock);
            }

            value.Span.CopyTo(concatenated.AsSpan(i * 32));
        }

        if (!TpmHash.IsSupported(signature.Hash) || !TpmHash.Hash(signature.Hash, concatenated).AsSpan().SequenceEqual(attestation.PcrDigest.Span))
        {
            return Fail(node, AttestationFailure.PcrDigestMismatch, "The reported PCR values do not hash to the quoted pcrDigest.", now, clock);
        }

        var log = evidence.Log;
        if (log is null || log.Pcr != policy.MeasurementPcr)
        {
            return Fail(node, AttestationFailure.MalformedLog, $"The measurement log is missing or not for PCR {policy.MeasurementPcr}.", now, clock);
        }

        var replayed = log.Replay();
        if (!replayed.AsSpan().SequenceEqual(evidence.PcrValues[policy.MeasurementPcr].Span))
        {
            return Fail(node, AttestationFailure.LogReplayMismatch, $"Replaying {log.Events.Count} logged event(s) gives {Convert.ToHexStringLower(replayed)}, but quoted PCR {policy.MeasurementPcr} is {Convert.ToHexStringLower(evidence.PcrValues[policy.MeasurementPcr].Span)}: the log was edited or something was measured outside it.", now, clock);
        }

        foreach (var e in log.Events)
        {
            if (!policy.IsAllowed(e.Type, e.Digest.Span))
            {
                return Fail(node, AttestationFailure.DigestNotAllowed, $"Event {e.Sequence}: {MeasurementLogSerializer.TypeName(e.Type)} \"{e.Name}\" has digest {Convert.ToHexStringLower(e.Digest.Span)}, which is not a golden value.", now, clock);
            }
        }

        foreach (var (pcr, expected) in policy.ExpectedPcrValues)
        {
            var actual = Convert.ToHexStringLower(evidence.PcrValues[pcr].Span);
            if (!string.Equals(actual, expected, StringComparison.Ordinal))
            {
                return Fail(node, AttestationFailure.PcrValueNotAllowed, $"PCR {pcr} is {actual}, policy requires {expected}.", now, clock);
            }
        }

        return new AttestationResult(node, AttestationFailure.None, $"Quote verified: {log.Events.Count} measured artefact(s), all golden.", now, clock);
    }

    private static AttestationResult Fail(string node, AttestationFailure failure, string detail, DateTimeOffset now, TpmClockInfo? clock = null) =>
        new(node, failure, detail, now, clock);
}
