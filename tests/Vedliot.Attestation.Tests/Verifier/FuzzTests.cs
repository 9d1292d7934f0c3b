using System.Buffers.Binary;
using System.Security.Cryptography;
using Vedliot.Attestation.Measurement;
using Vedliot.Attestation.Policy;
using Vedliot.Attestation.Tests.Infrastructure;
using Vedliot.Attestation.Tpm;
using Vedliot.Attestation.Tpm.Commands;
using Vedliot.Attestation.Tpm.Marshalling;
using Vedliot.Attestation.Tpm.Structures;
using Vedliot.Attestation.Verifier;

namespace Vedliot.Attestation.Tests.Verifier;

/// <summary>Bounded, fixed-seed mutation fuzzing of the response parser and the quote verifier.</summary>
public sealed class FuzzTests
{
    private const int Iterations = 3000;

    [Fact]
    public async Task Mutated_quote_responses_are_parsed_or_rejected_with_a_tpm_error_only()
    {
        var valid = QuoteResponse(TpmMarshaller.EncodeQuoteAttestation(SampleAttestation(new byte[32], new byte[32])), new byte[256]);
        var random = new Random(20261122);
        var outcomes = new Dictionary<string, int>();
        for (var i = 0; i < Iterations; i++)
        {
            var mutated = Mutate(valid, random);
            await using var tpm = new TpmClient(new ScriptedTransport(mutated));
            string outcome;
            try
            {
                await tpm.QuoteAsync(0x80000001, new byte[32], [new PcrSelection(TpmAlgorithm.Sha256, [23])]);
                outcome = "parsed";
            }
            catch (TpmFormatException)
            {
                outcome = "format";
            }
            catch (TpmException)
            {
                outcome = "tpm-error";
            }

            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        Assert.True(outcomes.GetValueOrDefault("format") > Iterations / 4, string.Join(", ", outcomes));
    }

    [Fact]
    public async Task Every_truncation_of_a_quote_response_is_rejected_as_malformed()
    {
        var valid = QuoteResponse(TpmMarshaller.EncodeQuoteAttestation(SampleAttestation(new byte[32], new byte[32])), new byte[256]);
        await using (var tpm = new TpmClient(new ScriptedTransport(valid)))
        {
            Assert.Equal(TpmStructureTag.AttestQuote, (await tpm.QuoteAsync(0x80000001, new byte[32], [new PcrSelection(TpmAlgorithm.Sha256, [23])])).Attestation.Type);
        }

        for (var length = 0; length < valid.Length; length++)
        {
            var truncated = valid[..length];
            if (length >= 6)
            {
                // Keep the header's size consistent so that the inner structures are what fails.
                BinaryPrimitives.WriteUInt32BigEndian(truncated.AsSpan(2), (uint)length);
            }

            await using var tpm = new TpmClient(new ScriptedTransport(truncated));
            await Assert.ThrowsAsync<TpmFormatException>(() => tpm.QuoteAsync(0x80000001, new byte[32], [new PcrSelection(TpmAlgorithm.Sha256, [23])]));
        }
    }

    [Fact]
    public void Mutated_quotes_and_signatures_never_verify_and_never_throw()
    {
        using var ak = RSA.Create(2048);
        var akArea = KeyTemplates.RsaAttestationKey with { Unique = ak.ExportParameters(false).Modulus! };
        using var key = new VerificationKey(akArea);
        var log = new MeasurementLog();
        var artefact = TestData.Sha256(TestData.Bytes(1, 64));
        log.Append(log.NextEvent(ArtefactType.ModelPartition, "m.onnx", artefact));
        var policy = new AttestationPolicyBuilder().Allow(ArtefactType.ModelPartition, artefact).Build();
        var nonce = TestData.Bytes(2, 32);
        var pcr = log.Replay();
        var quote = TpmMarshaller.EncodeQuoteAttestation(SampleAttestation(nonce, SHA256.HashData(pcr)));
        var signature = TpmMarshaller.EncodeSignature(new TpmSignature(TpmAlgorithm.RsaSsa, TpmAlgorithm.Sha256, ak.SignData(quote, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)));
        var values = new Dictionary<int, ReadOnlyMemory<byte>> { [23] = pcr };
        var evidence = new AttestationEvidence("node", quote, signature, values, log);
        var now = DateTimeOffset.UnixEpoch;
        Assert.True(QuoteVerifier.Verify(evidence, nonce, key, policy, now).Trusted);

        var random = new Random(42);
        var failures = new HashSet<AttestationFailure>();
        for (var i = 0; i < Iterations; i++)
        {
            var mutateQuote = random.Next(2) == 0;
            var mutated = Mutate(mutateQuote ? quote : signature, random);
            if (mutated.AsSpan().SequenceEqual(mutateQuote ? quote : signature))
            {
                continue;
            }

            var candidate = mutateQuote ? evidence with { Quote = mutated } : evidence with { Signature = mutated };
            var result = QuoteVerifier.Verify(candidate, nonce, key, policy, now);
            Assert.False(result.Trusted, $"iteration {i}: mutated evidence verified");
            failures.Add(result.Failure);
        }

        Assert.Contains(AttestationFailure.MalformedQuote, failures);
        Assert.Contains(AttestationFailure.SignatureInvalid, failures);
        Assert.Contains(AttestationFailure.MalformedSignature, failures);

        // The same evidence as a JSON message: mutations either fail to decode with the message error or decode
        // to evidence that does not verify.
        var json = AttestationMessageSerializer.Serialize(evidence);
        Assert.True(QuoteVerifier.Verify(AttestationMessageSerializer.DeserializeAttestationEvidence(json), nonce, key, policy, now).Trusted);
        var decodedMutants = 0;
        for (var i = 0; i < Iterations; i++)
        {
            var mutated = Mutate(json, random);
            AttestationEvidence decoded;
            try
            {
                decoded = AttestationMessageSerializer.DeserializeAttestationEvidence(mutated);
            }
            catch (AttestationMessageFormatException)
            {
                continue;
            }

            decodedMutants++;
            var result = QuoteVerifier.Verify(decoded, nonce, key, policy, now);
            Assert.True(!result.Trusted || SameEvidence(decoded, evidence), $"iteration {i}: mutated message verified");
        }

        Assert.True(decodedMutants > 0);
    }

    private static bool SameEvidence(AttestationEvidence a, AttestationEvidence b) =>
        a.Quote.Span.SequenceEqual(b.Quote.Span) && a.Signature.Span.SequenceEqual(b.Signature.Span)
        && a.Log.Replay().AsSpan().SequenceEqual(b.Log.Replay()) && a.Log.Events.Count == b.Log.Events.Count
        && a.Log.Events.Zip(b.Log.Events).All(p => p.First.Name == p.Second.Name && p.First.Type == p.Second.Type)
        && a.PcrValues.Count == b.PcrValues.Count && a.PcrValues.All(kv => b.PcrValues.TryGetValue(kv.Key, out var v) && v.Span.SequenceEqual(kv.Value.Span));

    private static TpmQuoteAttestation SampleAttestation(byte[] nonce, byte[] pcrDigest) => new(
        TpmMarshaller.TpmGeneratedValue,
        TpmStructureTag.AttestQuote,
        Convert.FromHexString("000B" + new string('5', 64)),
        nonce,
        new TpmClockInfo(1000, 1, 0, true),
        1,
        [new PcrSelection(TpmAlgorithm.Sha256, [23])],
        pcrDigest);

    private static byte[] QuoteResponse(byte[] attest, byte[] signature)
    {
        var parameters = new TpmWriter();
        parameters.WriteSized(attest);
        TpmMarshaller.WriteSignature(parameters, new TpmSignature(TpmAlgorithm.RsaSsa, TpmAlgorithm.Sha256, signature));
        var w = new TpmWriter();
        w.WriteUInt16(0x8002);
        w.WriteUInt32(0);
        w.WriteUInt32(0);
        w.WriteUInt32((uint)parameters.Length);
        w.WriteBytes(parameters.WrittenSpan);
        w.WriteUInt16(0);
        w.WriteByte(1);
        w.WriteUInt16(0);
        var bytes = w.ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(2), (uint)bytes.Length);
        return bytes;
    }

    private static byte[] Mutate(byte[] input, Random random)
    {
        var bytes = input.ToArray();
        switch (random.Next(5))
        {
            case 0:
                var bit = random.Next(bytes.Length * 8);
                bytes[bit / 8] ^= (byte)(1 << (bit % 8));
                return bytes;
            case 1:
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                return bytes;
            case 2:
                return bytes[..random.Next(bytes.Length)];
            case 3:
                var extra = new byte[random.Next(1, 16)];
                random.NextBytes(extra);
                return [.. bytes, .. extra];
            default:
                // Corrupt a size-like field: two bytes at a random position set to a random 16-bit value.
                var at = random.Next(bytes.Length - 1);
                BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(at), (ushort)random.Next(65536));
                return bytes;
        }
    }
}
