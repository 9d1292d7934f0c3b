using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Vedliot.Attestation.Tests.Infrastructure;
using Vedliot.Attestation.Tpm;
using Vedliot.Attestation.Tpm.Commands;
using Vedliot.Attestation.Tpm.Crypto;
using Vedliot.Attestation.Tpm.Structures;
using Vedliot.Attestation.Tpm.Transports;

namespace Vedliot.Attestation.Tests.Tpm;

[Collection(SwtpmGroup.Name)]
public sealed class TpmClientTests(SwtpmFixture fixture)
{
    [Theory]
    [InlineData(SwtpmFraming.Simulator)]
    [InlineData(SwtpmFraming.Raw)]
    public async Task GetRandom_returns_the_requested_number_of_bytes_over_both_framings(SwtpmFraming framing)
    {
        await using var tpm = await SwtpmFixture.ConnectAsync(fixture.Primary, framing);
        var bytes = await tpm.GetRandomAsync(100);
        Assert.Equal(100, bytes.Length);
        Assert.NotEqual(new byte[100], bytes);
    }

    [Fact]
    public async Task Startup_on_a_started_tpm_reports_already_initialized()
    {
        await using var tpm = await SwtpmFixture.ConnectAsync(fixture.Primary);
        Assert.False(await tpm.StartupAsync());
    }

    [Fact]
    public async Task GetCapability_lists_the_sha256_bank_with_24_pcrs()
    {
        await using var tpm = await SwtpmFixture.ConnectAsync(fixture.Primary);
        var banks = await tpm.GetPcrBanksAsync();
        var sha256 = Assert.Single(banks, b => b.Hash == TpmAlgorithm.Sha256);
        Assert.Equal(Enumerable.Range(0, 24), sha256.Indices);
    }

    [Fact]
    public async Task PcrExtend_changes_the_pcr_as_the_extend_formula_predicts()
    {
        await using var tpm = await SwtpmFixture.ConnectAsync(fixture.Primary);
        await tpm.PcrResetAsync(16);
        var before = (await tpm.PcrReadAsync(TpmAlgorithm.Sha256, [16])).Values[16];
        var digest = SHA256.HashData("vedliot"u8);
        await tpm.PcrExtendAsync(16, TpmAlgorithm.Sha256, digest);
        var after = (await tpm.PcrReadAsync(TpmAlgorithm.Sha256, [16])).Values[16];
        Assert.Equal(TpmHash.Extend(TpmAlgorithm.Sha256, before.Span, digest), after.ToArray());
    }

    [Fact]
    public async Task PcrRead_of_many_pcrs_returns_all_of_them()
    {
        await using var tpm = await SwtpmFixture.ConnectAsync(fixture.Primary);
        var result = await tpm.PcrReadAsync(TpmAlgorithm.Sha256, Enumerable.Range(0, 24).ToArray());
        Assert.Equal(24, result.Values.Count);
        Assert.All(result.Values.Values, v => Assert.Equal(32, v.Length));
    }

    [Fact]
    public async Task CreatePrimary_with_the_default_ek_template_reproduces_the_certified_ek()
    {
        await using var tpm = await SwtpmFixture.ConnectAsync(fixture.Primary);
        var ek = await tpm.CreatePrimaryAsync(TpmHandles.Endorsement, KeyTemplates.RsaEndorsementKey);
        try
        {
            var certificate = X509CertificateLoader.LoadCertificate(await tpm.NvReadAsync(TpmHandles.RsaEkCertificateNvIndex));
            using var rsa = certificate.GetRSAPublicKey();
            Assert.NotNull(rsa);
            Assert.Equal(rsa.ExportParameters(false).Modulus, ek.Public.Unique.ToArray());
            Assert.Equal(TpmHash.ComputeName(ek.Public), ek.Name.ToArray());

            var read = await tpm.ReadPublicAsync(ek.Handle);
            Assert.Equal(ek.Name.ToArray(), read.Name.ToArray());
        }
        finally
        {
            await tpm.FlushContextAsync(ek.Handle);
        }

        Assert.Empty(await tpm.GetHandlesAsync(TpmHandles.TransientFirst));
    }

    [Fact]
    public async Task NvReadPublic_describes_the_ek_certificate_index()
    {
        await using var tpm = await SwtpmFixture.ConnectAsync(fixture.Primary);
        var nv = await tpm.NvReadPublicAsync(TpmHandles.RsaEkCertificateNvIndex);
        Assert.Equal(TpmHandles.RsaEkCertificateNvIndex, nv.NvIndex);
        Assert.InRange(nv.DataSize, 500, 2048);
    }

    [Fact]
    public async Task MakeCredential_in_csharp_is_released_by_ActivateCredential_for_the_named_ak_only()
    {
        await using var tpm = await SwtpmFixture.ConnectAsync(fixture.Primary);
        var ek = await tpm.CreatePrimaryAsync(TpmHandles.Endorsement, KeyTemplates.RsaEndorsementKey);
        try
        {
            var blob = await tpm.WithEndorsementPolicyAsync(auth => tpm.CreateAsync(ek.Handle, auth, KeyTemplates.RsaAttestationKey));
            var ak = await tpm.WithEndorsementPolicyAsync(auth => tpm.LoadAsync(ek.Handle, auth, blob));
            try
            {
                var secret = RandomNumberGenerator.GetBytes(32);
                var credential = CredentialProtection.MakeCredential(ek.Public, ak.Name.Span, secret);
                var released = await tpm.WithEndorsementPolicyAsync(auth => tpm.ActivateCredentialAsync(ak.Handle, ek.Handle, auth, credential));
                Assert.Equal(secret, released);

                var otherName = ak.Name.ToArray();
                otherName[^1] ^= 1;
                var wrongObject = CredentialProtection.MakeCredential(ek.Public, otherName, secret);
                var error = await Assert.ThrowsAsync<TpmException>(() => tpm.WithEndorsementPolicyAsync(auth => tpm.ActivateCredentialAsync(ak.Handle, ek.Handle, auth, wrongObject)));
                Assert.Equal("TPM_RC_INTEGRITY", error.ResponseCode.Name);
            }
            finally
            {
                await tpm.FlushContextAsync(ak.Handle);
            }
        }
        finally
        {
            await tpm.FlushContextAsync(ek.Handle);
        }

        Assert.Empty(await tpm.GetHandlesAsync(TpmHandles.TransientFirst));
        Assert.Empty(await tpm.GetHandlesAsync(TpmHandles.PolicySessionFirst));
    }

    [Fact]
    public async Task Flushing_an_unknown_handle_fails_with_a_named_error()
    {
        await using var tpm = await SwtpmFixture.ConnectAsync(fixture.Primary);
        var error = await Assert.ThrowsAsync<TpmException>(() => tpm.FlushContextAsync(0x80FFFFF0));
        Assert.Equal(TpmCommandCode.FlushContext, error.Command);
        Assert.StartsWith("TPM_RC_", error.ResponseCode.Name, StringComparison.Ordinal);
        Assert.Contains("Table 16", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Control_channel_reports_capabilities_and_sets_the_locality()
    {
        var control = fixture.Primary.CreateControlChannel();
        var caps = await control.GetCapabilitiesAsync();
        Assert.NotEqual(0u, caps & 0x4); // PTM_CAP_SHUTDOWN
        await control.SetLocalityAsync(0);
        await using var tpm = await SwtpmFixture.ConnectAsync(fixture.Primary);
        Assert.Equal(8, (await tpm.GetRandomAsync(8)).Length);
    }
}
