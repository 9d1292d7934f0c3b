using Vedliot.Attestation.Policy;
using Vedliot.Attestation.Tests.Infrastructure;

namespace Vedliot.Attestation.Tests.Policy;

public sealed class AttestationPolicyFileTests
{
    private const string Head = "{\"format\":\"vedliot-attestation-policy/1\",\"measurementPcr\":23";

    // Each case: the policy file's text, and what its error says after the file name.
    public static TheoryData<string, string> BadPolicies => new()
    {
        { Head, "not valid JSON for vedliot-attestation-policy/1 at line 1, byte 61" },
        { Head + ",\n  \"allowedDigests\": {\"model-partition\": [00]}}", "not valid JSON for vedliot-attestation-policy/1 at line 2, byte 43 ($.allowedDigests.model-partition[0])" },
        { Head + ",\"colour\":\"blue\"}", "not valid JSON for vedliot-attestation-policy/1 at line 1, byte 71 ($.colour)" },
        { "{\"format\":\"x\",\"measurementPcr\":23}", "format: a policy's format must be \"vedliot-attestation-policy/1\"" },
        { Head + ",\"allowedDigests\":{\"firmware\":[]}}", "allowedDigests.firmware: unknown artefact type \"firmware\"" },
        { Head + ",\"allowedDigests\":{\"model-partition\":[\"" + new string('a', 64) + "\",\"zz\"]}}", "allowedDigests.model-partition[1]: invalid policy" },
        { Head + ",\"expectedPcrs\":{\"x\":\"00\"}}", "expectedPcrs.x: invalid policy" },
        { "{\"format\":\"vedliot-attestation-policy/1\",\"measurementPcr\":99}", "measurementPcr: invalid policy" },
        { "\u0000\u0001", "not valid JSON for vedliot-attestation-policy/1 at line 1, byte 1" },
    };

    [Theory]
    [MemberData(nameof(BadPolicies))]
    public async Task A_bad_policy_file_is_named_with_the_json_position_or_field(string content, string problem)
    {
        using var dir = new TestData.TempDirectory();
        var path = Path.Combine(dir.Path, "policy.json");
        await File.WriteAllTextAsync(path, content);

        var error = Assert.Throws<AttestationPolicyFormatException>(() => AttestationPolicySerializer.Load(path));

        Assert.True(error.Message.StartsWith($"{path}: {problem}", StringComparison.Ordinal), error.Message);
    }

    [Fact]
    public async Task A_policy_file_that_is_not_utf8_is_named()
    {
        using var dir = new TestData.TempDirectory();
        var path = Path.Combine(dir.Path, "policy.json");
        await File.WriteAllBytesAsync(path, [0x7B, 0xC3, 0x28, 0x7D]);

        Assert.Equal($"{path}: a policy must be UTF-8 JSON.", Assert.Throws<AttestationPolicyFormatException>(() => AttestationPolicySerializer.Load(path)).Message);
    }

    [Fact]
    public async Task A_policy_file_larger_than_the_limit_is_refused_before_it_is_read()
    {
        using var dir = new TestData.TempDirectory();
        var path = Path.Combine(dir.Path, "policy.json");
        await File.WriteAllBytesAsync(path, new byte[AttestationPolicySerializer.MaxFileBytes + 1]);

        Assert.Equal($"{path}: the policy file is larger than the limit of 1,048,576 bytes.", Assert.Throws<AttestationPolicyFormatException>(() => AttestationPolicySerializer.Load(path)).Message);
    }

    [Fact]
    public void A_device_given_as_a_policy_file_is_read_only_up_to_the_limit()
    {
        Assert.Equal("/dev/zero: the policy file is larger than the limit of 1,048,576 bytes.", Assert.Throws<AttestationPolicyFormatException>(() => AttestationPolicySerializer.Load("/dev/zero")).Message);
    }

    [Fact]
    public void A_missing_policy_file_is_named()
    {
        Assert.StartsWith("/nonexistent/policy.json: the policy file cannot be read", Assert.Throws<AttestationPolicyFormatException>(() => AttestationPolicySerializer.Load("/nonexistent/policy.json")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_valid_policy_file_loads()
    {
        using var dir = new TestData.TempDirectory();
        var path = Path.Combine(dir.Path, "policy.json");
        var policy = new AttestationPolicyBuilder().Build();
        await File.WriteAllBytesAsync(path, AttestationPolicySerializer.Serialize(policy));

        Assert.Equal(policy.MeasurementPcr, AttestationPolicySerializer.Load(path).MeasurementPcr);
    }
}
