using System.Security.Cryptography;
using Vedliot.Attestation.Enrollment;
using Vedliot.Attestation.Measurement;
using Vedliot.Attestation.Tests.Infrastructure;
using Vedliot.Attestation.Tpm.Marshalling;
using Vedliot.Attestation.Tpm.Structures;
using Vedliot.Attestation.Verifier;

namespace Vedliot.Attestation.Tests.Verifier;

/// <summary>Interoperability with tpm2-tools 5.4, an independent TPM 2.0 implementation, on the same emulated TPM.</summary>
[Collection(SwtpmGroup.Name)]
public sealed class Tpm2ToolsCrossCheckTests(SwtpmFixture fixture)
{
    [Fact]
    public async Task Quote_made_by_vedliot_verifies_with_tpm2_checkquote_and_a_flipped_bit_does_not()
    {
        await using var scenario = await AttestationScenario.StartAsync(fixture.Primary);
        await scenario.MeasureGoldenArtefactsAsync();
        var challenge = scenario.Verifier.CreateChallenge("node-a");
        var evidence = await scenario.Node.QuoteAsync(challenge);
        var dir = scenario.Directory.Path;
        var tools = new Tpm2Tools(fixture.Primary, scenario.Tpm, dir);

        using (var rsa = RSA.Create(new RSAParameters { Modulus = scenario.Node.AttestationKey.Unique.ToArray(), Exponent = [1, 0, 1] }))
        {
            await File.WriteAllTextAsync(Path.Combine(dir, "ak.pem"), rsa.ExportSubjectPublicKeyInfoPem());
        }

        await File.WriteAllBytesAsync(Path.Combine(dir, "quote.msg"), evidence.Quote.ToArray());
        await File.WriteAllBytesAsync(Path.Combine(dir, "quote.sig"), evidence.Signature.ToArray());
        await File.WriteAllBytesAsync(Path.Combine(dir, "quote.pcrs"), evidence.PcrValues[23].ToArray());
        var nonce = Convert.ToHexStringLower(challenge.Nonce.Span);

        await tools.RunAsync("tpm2_checkquote", "-u", "ak.pem", "-m", "quote.msg", "-s", "quote.sig", "-f", "quote.pcrs", "-l", "sha256:23", "-g", "sha256", "-q", nonce);

        var tampered = evidence.Signature.ToArray();
        tampered[^1] ^= 1;
        await File.WriteAllBytesAsync(Path.Combine(dir, "quote.sig"), tampered);
        var (code, _) = await tools.TryRunAsync("tpm2_checkquote", "-u", "ak.pem", "-m", "quote.msg", "-s", "quote.sig", "-f", "quote.pcrs", "-l", "sha256:23", "-g", "sha256", "-q", nonce);
        Assert.NotEqual(0, code);
    }

    [Fact]
    public async Task Ak_created_and_quote_made_by_tpm2_tools_enroll_and_verify_with_vedliot()
    {
        await using var scenario = await AttestationScenario.StartAsync(fixture.Primary, nodeId: "tools-node");
        var dir = scenario.Directory.Path;
        var tools = new Tpm2Tools(fixture.Primary, scenario.Tpm, dir);

        // An EK and AK made by tpm2-tools (the EK from the default template equals the certified one).
        await tools.RunAsync("tpm2_createek", "-c", "ek.ctx", "-G", "rsa", "-u", "ek.pub");
        await tools.RunAsync("tpm2_createak", "-C", "ek.ctx", "-c", "ak.ctx", "-G", "rsa", "-g", "sha256", "-s", "rsassa", "-u", "ak.pub", "-n", "ak.name");
        var akPublic = TpmMarshaller.ReadSizedPublicArea(new TpmReader(await File.ReadAllBytesAsync(Path.Combine(dir, "ak.pub"))));
        var ekPublic = TpmMarshaller.ReadSizedPublicArea(new TpmReader(await File.ReadAllBytesAsync(Path.Combine(dir, "ek.pub"))));
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(dir, "ak.name")), Vedliot.Attestation.Tpm.Crypto.TpmHash.ComputeName(akPublic));

        // Enrollment: Vedliot's MakeCredential, released by tpm2_activatecredential.
        var request = (await scenario.Node.CreateEnrollmentRequestAsync()) with
        {
            NodeId = "tools-node",
            EkPublic = TpmMarshaller.EncodePublicArea(ekPublic),
            AkPublic = TpmMarshaller.EncodePublicArea(akPublic),
        };
        var begin = await scenario.Enrollment.BeginAsync(request);
        Assert.True(begin.Succeeded, begin.Detail);
        await File.WriteAllBytesAsync(Path.Combine(dir, "cred.in"), ToolsCredentialFile(begin.Challenge!));
        await tools.RunInSessionAsync("tpm2_startauthsession", "--policy-session", "-S", "session.ctx");
        await tools.RunInSessionAsync("tpm2_policysecret", "-S", "session.ctx", "-c", "e");
        await tools.RunAsync("tpm2_activatecredential", "-c", "ak.ctx", "-C", "ek.ctx", "-i", "cred.in", "-o", "cred.out", "-P", "session:session.ctx");
        var completed = await scenario.Enrollment.CompleteAsync(new EnrollmentResponse("tools-node", await File.ReadAllBytesAsync(Path.Combine(dir, "cred.out"))));
        Assert.True(completed.Succeeded, completed.Detail);

        // Quote made by tpm2_quote over Vedliot's nonce, verified by Vedliot.
        await scenario.MeasureGoldenArtefactsAsync();
        var challenge = scenario.Verifier.CreateChallenge("tools-node");
        await tools.RunAsync("tpm2_quote", "-c", "ak.ctx", "-l", "sha256:23", "-q", Convert.ToHexStringLower(challenge.Nonce.Span), "-m", "quote.msg", "-s", "quote.sig", "-o", "quote.pcrs", "-F", "values", "-g", "sha256");
        var pcr23 = await File.ReadAllBytesAsync(Path.Combine(dir, "quote.pcrs"));
        var evidence = new AttestationEvidence(
            "tools-node",
            await File.ReadAllBytesAsync(Path.Combine(dir, "quote.msg")),
            await File.ReadAllBytesAsync(Path.Combine(dir, "quote.sig")),
            new Dictionary<int, ReadOnlyMemory<byte>> { [23] = pcr23 },
            scenario.Node.GetLog());

        var result = await scenario.Verifier.VerifyAsync(evidence);

        Assert.True(result.Trusted, result.Detail);
        Assert.Equal(MeasurementLog.Replay(scenario.Node.GetLog().Events), pcr23);
    }

    [Fact]
    public async Task Pcr_values_read_by_vedliot_and_tpm2_pcrread_agree()
    {
        await using var scenario = await AttestationScenario.StartAsync(fixture.Primary);
        await scenario.MeasureGoldenArtefactsAsync();
        var dir = scenario.Directory.Path;
        var tools = new Tpm2Tools(fixture.Primary, scenario.Tpm, dir);
        int[] pcrs = [0, 7, 16, 23];

        await tools.RunAsync("tpm2_pcrread", "sha256:0,7,16,23", "-o", "pcrs.bin");
        var theirs = await File.ReadAllBytesAsync(Path.Combine(dir, "pcrs.bin"));
        var ours = await scenario.Tpm.PcrReadAsync(TpmAlgorithm.Sha256, pcrs);

        Assert.Equal(pcrs.Length * 32, theirs.Length);
        for (var i = 0; i < pcrs.Length; i++)
        {
            Assert.Equal(theirs.AsSpan(i * 32, 32).ToArray(), ours.Values[pcrs[i]].ToArray());
        }

        Assert.NotEqual(new byte[32], ours.Values[23].ToArray());
    }

    /// <summary>tpm2-tools' credential file: magic 0xBADCC0DE, version 1, TPM2B_ID_OBJECT, TPM2B_ENCRYPTED_SECRET.</summary>
    private static byte[] ToolsCredentialFile(EnrollmentChallenge challenge)
    {
        var writer = new TpmWriter();
        writer.WriteUInt32(0xBADCC0DE);
        writer.WriteUInt32(1);
        writer.WriteSized(challenge.CredentialBlob.Span);
        writer.WriteSized(challenge.EncryptedSecret.Span);
        return writer.ToArray();
    }
}
