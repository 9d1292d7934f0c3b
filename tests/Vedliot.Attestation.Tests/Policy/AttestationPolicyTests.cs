using System.Text;
using Vedliot.Attestation.Measurement;
using Vedliot.Attestation.Policy;
using Vedliot.Attestation.Tests.Infrastructure;

namespace Vedliot.Attestation.Tests.Policy;

public sealed class AttestationPolicyTests
{
    [Fact]
    public void Policy_allows_digests_only_for_their_type()
    {
        var digest = TestData.Sha256(TestData.Bytes(1, 10));
        var policy = new AttestationPolicyBuilder().Allow(ArtefactType.Bitstream, digest).Build();
        Assert.True(policy.IsAllowed(ArtefactType.Bitstream, digest));
        Assert.False(policy.IsAllowed(ArtefactType.ModelPartition, digest));
        Assert.Equal([23], policy.QuotedPcrs);
    }

    [Fact]
    public void Required_pcr_values_add_to_the_quoted_selection()
    {
        var policy = new AttestationPolicyBuilder().RequirePcr(0, new byte[32]).RequirePcr(7, new byte[32]).Build();
        Assert.Equal([0, 7, 23], policy.QuotedPcrs);
    }

    [Fact]
    public void Fixed_value_for_the_measurement_pcr_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => new AttestationPolicyBuilder().RequirePcr(23, new byte[32]).Build());
    }

    [Fact]
    public void Policy_round_trips_through_json()
    {
        var policy = new AttestationPolicyBuilder()
            .Allow(ArtefactType.ModelPartition, TestData.Sha256(TestData.Bytes(1, 10)))
            .Allow(ArtefactType.NodeAgent, TestData.Sha256(TestData.Bytes(2, 10)))
            .RequirePcr(0, TestData.Sha256(TestData.Bytes(3, 10)))
            .Build();
        var json = AttestationPolicySerializer.Serialize(policy);
        var back = AttestationPolicySerializer.Deserialize(json);
        Assert.Equal(json, AttestationPolicySerializer.Serialize(back));
        Assert.Contains("model-partition", Encoding.UTF8.GetString(json), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"format\":\"x\",\"measurementPcr\":23}")]
    [InlineData("{\"format\":\"vedliot-attestation-policy/1\",\"measurementPcr\":23,\"allowedDigests\":{\"firmware\":[]}}")]
    [InlineData("{\"format\":\"vedliot-attestation-policy/1\",\"measurementPcr\":23,\"allowedDigests\":{\"bitstream\":[\"00\"]}}")]
    [InlineData("{\"format\":\"vedliot-attestation-policy/1\",\"measurementPcr\":99}")]
    [InlineData("{\"format\":\"vedliot-attestation-policy/1\",\"measurementPcr\":23,\"expectedPcrs\":{\"x\":\"00\"}}")]
    public void Invalid_policies_are_rejected(string json)
    {
        Assert.Throws<AttestationPolicyFormatException>(() => AttestationPolicySerializer.Deserialize(Encoding.UTF8.GetBytes(json)));
    }
}
