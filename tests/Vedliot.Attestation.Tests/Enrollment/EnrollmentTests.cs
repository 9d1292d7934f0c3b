using Vedliot.Attestation.Attester;
using Vedliot.Attestation.Enrollment;
using Vedliot.Attestation.Tests.Infrastructure;
using Vedliot.Attestation.Tpm.Commands;

namespace Vedliot.Attestation.Tests.Enrollment;

[Collection(SwtpmGroup.Name)]
public sealed class EnrollmentTests(SwtpmFixture fixture)
{
    [Fact]
    public async Task Node_with_a_genuine_ek_certificate_and_resident_ak_is_enrolled_and_the_binding_recorded()
    {
        await using var scenario = await AttestationScenario.StartAsync(fixture.Primary);
        var result = await scenario.EnrollAsync();

        Assert.True(result.Succeeded, result.Detail);
        var stored = await scenario.Store.GetAsync("node-a");
        Assert.NotNull(stored);
        Assert.Equal(scenario.Node.AttestationKeyName.ToArray(), stored.AkName.ToArray());
        Assert.Equal(scenario.Time.GetUtcNow(), stored.EnrolledAt);
    }

    [Fact]
    public async Task The_binding_is_recorded_once_and_reused_when_the_same_ak_enrolls_again()
    {
        await using var scenario = await AttestationScenario.StartAsync(fixture.Primary);
        var first = await scenario.EnrollAsync();
        scenario.Time.Advance(TimeSpan.FromHours(1));
        await scenario.RestartNodeAsync();
        var second = await scenario.EnrollAsync();

        Assert.True(second.Succeeded, second.Detail);
        Assert.Equal(first.Record!.EnrolledAt, second.Record!.EnrolledAt);
        Assert.Single(Directory.GetFiles(Path.Combine(scenario.Directory.Path, "enrollments")));
    }

    [Fact]
    public async Task A_node_presenting_a_different_ak_later_is_refused()
    {
        await using var scenario = await AttestationScenario.StartAsync(fixture.Primary);
        Assert.True((await scenario.EnrollAsync()).Succeeded);
        File.Delete(scenario.AkPath);
        await scenario.RestartNodeAsync();

        var again = await scenario.Enrollment.BeginAsync(await scenario.Node.CreateEnrollmentRequestAsync());

        Assert.Equal(EnrollmentFailure.AkMismatch, again.Failure);
        Assert.Null(again.Challenge);
    }

    [Fact]
    public async Task An_ek_certificate_from_an_unknown_ca_is_refused()
    {
        await using var scenario = await AttestationScenario.StartAsync(fixture.Primary, trustedCa: fixture.Secondary);
        var result = await scenario.EnrollAsync();
        Assert.Equal(EnrollmentFailure.EkCertificateUntrusted, result.Failure);
        Assert.Null(await scenario.Store.GetAsync("node-a"));
    }

    [Fact]
    public async Task An_ek_certificate_before_its_validity_period_is_refused()
    {
        await using var scenario = await AttestationScenario.StartAsync(fixture.Primary, clockOffsetFromCaCreation: TimeSpan.FromDays(-2));
        var result = await scenario.EnrollAsync();
        Assert.Equal(EnrollmentFailure.EkCertificateUntrusted, result.Failure);
    }

    [Fact]
    public async Task An_ek_certificate_that_certifies_another_tpm_is_refused()
    {
        await using var scenario = await AttestationScenario.StartAsync(fixture.Primary);
        await using var otherTpm = new TpmClient(await fixture.Secondary.ConnectAsync());
        await using var other = await NodeAttester.CreateAsync(otherTpm, new AttesterOptions { NodeId = "node-b" });
        var request = await scenario.Node.CreateEnrollmentRequestAsync();
        var foreign = (await other.CreateEnrollmentRequestAsync()).EkCertificate;

        var result = await scenario.Enrollment.BeginAsync(request with { EkCertificate = foreign });

        Assert.Equal(EnrollmentFailure.EkCertificateKeyMismatch, result.Failure);
    }

    [Fact]
    public async Task An_ak_from_another_tpm_is_not_bound_to_the_ek()
    {
        await using var scenario = await AttestationScenario.StartAsync(fixture.Primary);
        await using var otherTpm = new TpmClient(await fixture.Secondary.ConnectAsync());
        await using var other = await NodeAttester.CreateAsync(otherTpm, new AttesterOptions { NodeId = "node-a" });
        var genuine = await scenario.Node.CreateEnrollmentRequestAsync();
        var forged = genuine with { AkPublic = (await other.CreateEnrollmentRequestAsync()).AkPublic };

        var begin = await scenario.Enrollment.BeginAsync(forged);
        Assert.True(begin.Succeeded, begin.Detail);

        // The credential is sealed to this TPM's EK and the foreign AK's Name: the foreign TPM cannot open it
        // (its EK differs), and this TPM will not release it for its own AK (the Name differs).
        await Assert.ThrowsAsync<TpmException>(() => other.AnswerEnrollmentAsync(begin.Challenge!));
        var error = await Assert.ThrowsAsync<TpmException>(() => scenario.Node.AnswerEnrollmentAsync(begin.Challenge!));
        Assert.Equal("TPM_RC_INTEGRITY", error.ResponseCode.Name);

        var guessed = await scenario.Enrollment.CompleteAsync(new EnrollmentResponse("node-a", new byte[32]));
        Assert.Equal(EnrollmentFailure.CredentialMismatch, guessed.Failure);
        Assert.Null(await scenario.Store.GetAsync("node-a"));
    }

    [Fact]
    public async Task A_late_answer_to_an_enrollment_challenge_is_refused()
    {
        await using var scenario = await AttestationScenario.StartAsync(fixture.Primary);
        var begin = await scenario.Enrollment.BeginAsync(await scenario.Node.CreateEnrollmentRequestAsync());
        var answer = await scenario.Node.AnswerEnrollmentAsync(begin.Challenge!);
        scenario.Time.Advance(TimeSpan.FromMinutes(3));

        var result = await scenario.Enrollment.CompleteAsync(answer);

        Assert.Equal(EnrollmentFailure.ChallengeExpired, result.Failure);
        Assert.Equal(EnrollmentFailure.NoPendingChallenge, (await scenario.Enrollment.CompleteAsync(answer)).Failure);
    }

    [Fact]
    public async Task An_ek_public_area_without_the_storage_attributes_is_refused()
    {
        await using var scenario = await AttestationScenario.StartAsync(fixture.Primary);
        var request = await scenario.Node.CreateEnrollmentRequestAsync();
        var ak = request.AkPublic;

        var result = await scenario.Enrollment.BeginAsync(request with { EkPublic = ak });

        Assert.Contains(result.Failure, new[] { EnrollmentFailure.EkCertificateKeyMismatch, EnrollmentFailure.EkAttributesInvalid });
    }
}
