using System.Text;
using Vedliot.Attestation.Tests.Infrastructure;
using Vedliot.Attestation.Verifier;

namespace Vedliot.Attestation.Tests.Verifier;

[Collection(SwtpmGroup.Name)]
public sealed class AttestationMessageSerializerTests(SwtpmFixture fixture)
{
    [Fact]
    public async Task Enrollment_and_attestation_succeed_when_every_message_crosses_the_wire_as_json()
    {
        await using var scenario = await AttestationScenario.StartAsync(fixture.Primary);
        await scenario.MeasureGoldenArtefactsAsync();

        var request = AttestationMessageSerializer.DeserializeEnrollmentRequest(AttestationMessageSerializer.Serialize(await scenario.Node.CreateEnrollmentRequestAsync()));
        var begin = await scenario.Enrollment.BeginAsync(request);
        var challenge = AttestationMessageSerializer.DeserializeEnrollmentChallenge(AttestationMessageSerializer.Serialize(begin.Challenge!));
        var answer = AttestationMessageSerializer.DeserializeEnrollmentResponse(AttestationMessageSerializer.Serialize(await scenario.Node.AnswerEnrollmentAsync(challenge)));
        Assert.True((await scenario.Enrollment.CompleteAsync(answer)).Succeeded);

        var quoteChallenge = AttestationMessageSerializer.DeserializeAttestationChallenge(AttestationMessageSerializer.Serialize(scenario.Verifier.CreateChallenge("node-a")));
        var evidence = AttestationMessageSerializer.DeserializeAttestationEvidence(AttestationMessageSerializer.Serialize(await scenario.Node.QuoteAsync(quoteChallenge)));
        var result = await scenario.Verifier.VerifyAsync(evidence);

        Assert.True(result.Trusted, result.Detail);
        var json = Encoding.UTF8.GetString(AttestationMessageSerializer.Serialize(result));
        Assert.Contains("\"trusted\":true", json, StringComparison.Ordinal);
        Assert.Contains("\"failure\":\"None\"", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"message\":\"enrollment-challenge\",\"nodeId\":\"n\",\"nonce\":\"AA==\",\"pcrs\":[23]}")]
    [InlineData("{\"message\":\"attestation-challenge\",\"nodeId\":\"n\",\"nonce\":\"not base64!\",\"pcrs\":[23]}")]
    [InlineData("{\"message\":\"attestation-challenge\",\"nodeId\":\"n\",\"nonce\":\"AA==\",\"pcrs\":[24]}")]
    [InlineData("{\"message\":\"attestation-challenge\",\"nodeId\":\"\",\"nonce\":\"AA==\",\"pcrs\":[23]}")]
    [InlineData("{\"message\":\"attestation-challenge\",\"nodeId\":\"n\",\"nonce\":\"AA==\",\"pcrs\":[23],\"x\":1}")]
    [InlineData("[]")]
    public void Malformed_challenges_are_rejected(string json)
    {
        Assert.Throws<AttestationMessageFormatException>(() => AttestationMessageSerializer.DeserializeAttestationChallenge(Encoding.UTF8.GetBytes(json)));
    }

    [Theory]
    [InlineData(new byte[] { 0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D })]
    [InlineData(new byte[] { 0xC3 })]
    public void Messages_that_are_not_utf8_are_rejected(byte[] bytes)
    {
        Assert.Throws<AttestationMessageFormatException>(() => AttestationMessageSerializer.DeserializeAttestationEvidence(bytes));
    }

    [Fact]
    public void Evidence_without_a_log_is_rejected()
    {
        const string json = "{\"message\":\"attestation-evidence\",\"nodeId\":\"n\",\"quote\":\"AA==\",\"signature\":\"AA==\",\"pcrValues\":{\"23\":\"00\"}}";
        Assert.Throws<AttestationMessageFormatException>(() => AttestationMessageSerializer.DeserializeAttestationEvidence(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void Evidence_with_an_invalid_embedded_log_is_rejected()
    {
        const string json = "{\"message\":\"attestation-evidence\",\"nodeId\":\"n\",\"quote\":\"AA==\",\"signature\":\"AA==\",\"pcrValues\":{\"23\":\"00\"},\"log\":{\"format\":\"other\"}}";
        Assert.Throws<AttestationMessageFormatException>(() => AttestationMessageSerializer.DeserializeAttestationEvidence(Encoding.UTF8.GetBytes(json)));
    }
}
