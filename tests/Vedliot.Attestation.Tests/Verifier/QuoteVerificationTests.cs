using System.Security.Cryptography;
using Vedliot.Attestation.Attester;
using Vedliot.Attestation.Measurement;
using Vedliot.Attestation.Tests.Infrastructure;
using Vedliot.Attestation.Tpm.Commands;
using Vedliot.Attestation.Tpm.Structures;
using Vedliot.Attestation.Verifier;

namespace Vedliot.Attestation.Tests.Verifier;

[Collection(SwtpmGroup.Name)]
public sealed class QuoteVerificationTests(SwtpmFixture fixture)
{
    [Fact]
    public async Task Enrolled_node_with_golden_artefacts_is_trusted()
    {
        await using var scenario = await AttestationScenario.StartEnrolledAsync(fixture.Primary);
        await scenario.MeasureGoldenArtefactsAsync();

        var result = await scenario.AttestAsync();

        Assert.True(result.Trusted, result.Detail);
        Assert.Equal(TrustState.Trusted, scenario.Verifier.GetTrustState("node-a"));
        Assert.NotNull(result.Clock);
    }

    [Fact]
    public async Task Quoted_pcr_equals_the_replayed_log_and_the_tpm_value()
    {
        await using var scenario = await AttestationScenario.StartEnrolledAsync(fixture.Primary);
        await scenario.MeasureGoldenArtefactsAsync();
        var evidence = await scenario.Node.QuoteAsync(scenario.Verifier.CreateChallenge("node-a"));
        var read = await scenario.Tpm.PcrReadAsync(TpmAlgorithm.Sha256, [23]);

        Assert.Equal(3, evidence.Log.Events.Count);
        Assert.Equal(evidence.Log.Replay(), evidence.PcrValues[23].ToArray());
        Assert.Equal(read.Values[23].ToArray(), evidence.PcrValues[23].ToArray());
    }

    [Fact]
    public async Task Stale_nonce_is_rejected()
    {
        await using var scenario = await AttestationScenario.StartEnrolledAsync(fixture.Primary);
        var challenge = scenario.Verifier.CreateChallenge("node-a");
        var evidence = await scenario.Node.QuoteAsync(challenge);
        scenario.Time.Advance(TimeSpan.FromSeconds(31));

        Assert.Equal(AttestationFailure.NonceExpired, (await scenario.Verifier.VerifyAsync(evidence)).Failure);
    }

    [Fact]
    public async Task Replayed_evidence_is_rejected()
    {
        await using var scenario = await AttestationScenario.StartEnrolledAsync(fixture.Primary);
        var evidence = await scenario.Node.QuoteAsync(scenario.Verifier.CreateChallenge("node-a"));
        Assert.True((await scenario.Verifier.VerifyAsync(evidence)).Trusted);

        var replay = await scenario.Verifier.VerifyAsync(evidence);

        Assert.Equal(AttestationFailure.NonceReplayed, replay.Failure);
        Assert.Equal(TrustState.Untrusted, scenario.Verifier.GetTrustState("node-a"));
    }

    [Fact]
    public async Task Quote_over_a_nonce_never_issued_is_rejected()
    {
        await using var scenario = await AttestationScenario.StartEnrolledAsync(fixture.Primary);
        var evidence = await scenario.Node.QuoteAsync(new AttestationChallenge("node-a", RandomNumberGenerator.GetBytes(32), [23]));
        Assert.Equal(AttestationFailure.NonceUnknown, (await scenario.Verifier.VerifyAsync(evidence)).Failure);
    }

    [Fact]
    public async Task Pcr_extended_outside_the_log_is_rejected()
    {
        await using var scenario = await AttestationScenario.StartEnrolledAsync(fixture.Primary);
        await scenario.MeasureGoldenArtefactsAsync();
        await scenario.Tpm.PcrExtendAsync(23, TpmAlgorithm.Sha256, SHA256.HashData("unlogged"u8));

        var result = await scenario.AttestAsync();

        Assert.Equal(AttestationFailure.LogReplayMismatch, result.Failure);
    }

    [Fact]
    public async Task Edited_log_is_rejected()
    {
        await using var scenario = await AttestationScenario.StartEnrolledAsync(fixture.Primary);
        await scenario.MeasureGoldenArtefactsAsync();
        var evidence = await scenario.Node.QuoteAsync(scenario.Verifier.CreateChallenge("node-a"));
        var edited = new MeasurementLog(23);
        foreach (var e in evidence.Log.Events)
        {
            edited.Append(e.Sequence == 2 ? e with { Name = "stage-1.onnx" } : e);
        }

        var result = await scenario.Verifier.VerifyAsync(evidence with { Log = edited });

        Assert.Equal(AttestationFailure.LogReplayMismatch, result.Failure);
    }

    [Fact]
    public async Task Log_with_an_event_removed_is_rejected()
    {
        await using var scenario = await AttestationScenario.StartEnrolledAsync(fixture.Primary);
        await scenario.MeasureGoldenArtefactsAsync();
        await scenario.Node.MeasureAsync(ArtefactType.ModelPartition, "rogue.onnx", TestData.Bytes(99, 100));
        var evidence = await scenario.Node.QuoteAsync(scenario.Verifier.CreateChallenge("node-a"));
        var truncated = new MeasurementLog(23);
        foreach (var e in evidence.Log.Events.Take(3))
        {
            truncated.Append(e);
        }

        Assert.Equal(AttestationFailure.LogReplayMismatch, (await scenario.Verifier.VerifyAsync(evidence with { Log = truncated })).Failure);
    }

    [Fact]
    public async Task Artefact_that_is_not_a_golden_value_is_rejected_with_its_name()
    {
        await using var scenario = await AttestationScenario.StartEnrolledAsync(fixture.Primary);
        await scenario.MeasureGoldenArtefactsAsync();
        await scenario.Node.MeasureAsync(ArtefactType.Bitstream, "tampered.bit", TestData.Bytes(5, 4096));

        var result = await scenario.AttestAsync();

        Assert.Equal(AttestationFailure.DigestNotAllowed, result.Failure);
        Assert.Contains("tampered.bit", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Golden_digest_logged_under_another_type_is_rejected()
    {
        await using var scenario = await AttestationScenario.StartEnrolledAsync(fixture.Primary);
        await scenario.Node.MeasureAsync(ArtefactType.Bitstream, "model-as-bitstream", AttestationScenario.ModelPartition);
        Assert.Equal(AttestationFailure.DigestNotAllowed, (await scenario.AttestAsync()).Failure);
    }

    [Fact]
    public async Task Flipped_signature_bit_is_rejected()
    {
        await using var scenario = await AttestationScenario.StartEnrolledAsync(fixture.Primary);
        var evidence = await scenario.Node.QuoteAsync(scenario.Verifier.CreateChallenge("node-a"));
        var signature = evidence.Signature.ToArray();
        signature[^7] ^= 0x10;

        var result = await scenario.Verifier.VerifyAsync(evidence with { Signature = signature });

        Assert.Equal(AttestationFailure.SignatureInvalid, result.Failure);
    }

    [Fact]
    public async Task Flipped_quote_bit_is_rejected()
    {
        await using var scenario = await AttestationScenario.StartEnrolledAsync(fixture.Primary);
        var evidence = await scenario.Node.QuoteAsync(scenario.Verifier.CreateChallenge("node-a"));
        var quote = evidence.Quote.ToArray();
        quote[^3] ^= 0x01; // inside pcrDigest

        Assert.Equal(AttestationFailure.SignatureInvalid, (await scenario.Verifier.VerifyAsync(evidence with { Quote = quote })).Failure);
    }

    [Fact]
    public async Task Quote_from_another_tpms_ak_is_rejected()
    {
        await using var scenario = await AttestationScenario.StartEnrolledAsync(fixture.Primary);
        await using var otherTpm = new TpmClient(await fixture.Secondary.ConnectAsync());
        await using var impostor = await NodeAttester.CreateAsync(otherTpm, new AttesterOptions { NodeId = "node-a" });

        var evidence = await impostor.QuoteAsync(scenario.Verifier.CreateChallenge("node-a"));
        var result = await scenario.Verifier.VerifyAsync(evidence);

        Assert.Equal(AttestationFailure.SignatureInvalid, result.Failure);
    }

    [Fact]
    public async Task Quote_of_a_node_that_never_enrolled_is_rejected()
    {
        await using var scenario = await AttestationScenario.StartAsync(fixture.Primary);
        Assert.Equal(AttestationFailure.NotEnrolled, (await scenario.AttestAsync()).Failure);
    }

    [Fact]
    public async Task Reported_pcr_values_that_differ_from_the_quote_are_rejected()
    {
        await using var scenario = await AttestationScenario.StartEnrolledAsync(fixture.Primary);
        var evidence = await scenario.Node.QuoteAsync(scenario.Verifier.CreateChallenge("node-a"));
        var forged = new Dictionary<int, ReadOnlyMemory<byte>> { [23] = SHA256.HashData("forged"u8) };

        Assert.Equal(AttestationFailure.PcrDigestMismatch, (await scenario.Verifier.VerifyAsync(evidence with { PcrValues = forged })).Failure);
    }

    [Fact]
    public async Task Quote_over_other_pcrs_than_the_policy_requires_is_rejected()
    {
        await using var scenario = await AttestationScenario.StartEnrolledAsync(fixture.Primary);
        var challenge = scenario.Verifier.CreateChallenge("node-a");
        var evidence = await scenario.Node.QuoteAsync(challenge with { Pcrs = [16, 23] });

        Assert.Equal(AttestationFailure.PcrSelectionMismatch, (await scenario.Verifier.VerifyAsync(evidence)).Failure);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(40)]
    public async Task Truncated_quote_is_rejected_as_malformed(int keep)
    {
        await using var scenario = await AttestationScenario.StartEnrolledAsync(fixture.Primary);
        var evidence = await scenario.Node.QuoteAsync(scenario.Verifier.CreateChallenge("node-a"));

        var result = await scenario.Verifier.VerifyAsync(evidence with { Quote = evidence.Quote[..keep] });

        Assert.Equal(AttestationFailure.MalformedQuote, result.Failure);
    }

    [Fact]
    public async Task Truncated_signature_is_rejected_as_malformed()
    {
        await using var scenario = await AttestationScenario.StartEnrolledAsync(fixture.Primary);
        var evidence = await scenario.Node.QuoteAsync(scenario.Verifier.CreateChallenge("node-a"));
        Assert.Equal(AttestationFailure.MalformedSignature, (await scenario.Verifier.VerifyAsync(evidence with { Signature = evidence.Signature[..100] })).Failure);
    }

    [Fact]
    public async Task A_log_that_keeps_growing_stays_trusted()
    {
        await using var scenario = await AttestationScenario.StartEnrolledAsync(fixture.Primary);
        await scenario.Node.MeasureAsync(ArtefactType.NodeAgent, "vedliot-node", AttestationScenario.AgentBinary);
        Assert.True((await scenario.AttestAsync()).Trusted);
        await scenario.Node.MeasureAsync(ArtefactType.Bitstream, "conv.bit", AttestationScenario.Bitstream);

        var result = await scenario.AttestAsync();

        Assert.True(result.Trusted, result.Detail);
    }

    [Fact]
    public async Task Measurement_pcr_reset_and_replayed_without_a_tpm_reset_is_rejected_until_an_operator_forgets_the_history()
    {
        await using var scenario = await AttestationScenario.StartEnrolledAsync(fixture.Primary);
        await scenario.MeasureGoldenArtefactsAsync();
        Assert.True((await scenario.AttestAsync()).Trusted);

        // Restarting the agent resets PCR 23; replaying only part of the golden history yields a consistent log.
        await scenario.RestartNodeAsync();
        await scenario.Node.MeasureAsync(ArtefactType.NodeAgent, "vedliot-node", AttestationScenario.AgentBinary);
        var rewound = await scenario.AttestAsync();
        Assert.Equal(AttestationFailure.HistoryRewound, rewound.Failure);

        scenario.Verifier.ForgetHistory("node-a");
        Assert.True((await scenario.AttestAsync()).Trusted);
    }

    [Fact]
    public async Task Revocation_event_is_raised_when_a_trusted_node_fails()
    {
        await using var scenario = await AttestationScenario.StartEnrolledAsync(fixture.Primary);
        var changes = new List<TrustChangedEventArgs>();
        scenario.Verifier.TrustChanged += (_, e) => changes.Add(e);
        await scenario.MeasureGoldenArtefactsAsync();
        Assert.True((await scenario.AttestAsync()).Trusted);
        await scenario.Node.MeasureAsync(ArtefactType.ModelPartition, "unknown.onnx", TestData.Bytes(7, 64));
        Assert.False((await scenario.AttestAsync()).Trusted);

        Assert.Collection(
            changes,
            e => Assert.Equal((TrustState.Unknown, TrustState.Trusted, false), (e.Previous, e.Current, e.IsRevocation)),
            e => Assert.Equal((TrustState.Trusted, TrustState.Untrusted, true), (e.Previous, e.Current, e.IsRevocation)));
    }
}
