using Vedliot.Attestation.Attester;
using Vedliot.Attestation.Storage;
using Vedliot.Attestation.Tests.Infrastructure;
using Vedliot.Attestation.Tpm.Commands;

namespace Vedliot.Attestation.Tests.Attester;

[Collection(SwtpmGroup.Name)]
public sealed class AttestationKeyFileTests(SwtpmFixture fixture)
{
    private const string Recovery = "delete it so that node node-k creates a new attestation key, and delete the verifier's enrollments/node-k.enrollment.json so that the new key is enrolled.";

    public static TheoryData<string, byte[]> Damaged => new()
    {
        { "empty", [] },
        { "truncated size", [0x00] },
        { "size larger than the file", [0x01, 0x00, 0xAA] },
        { "private part only", [0x00, 0x02, 0xAA, 0xBB] },
        { "garbage", [.. Enumerable.Range(0, 64).Select(i => (byte)(i * 37))] },
    };

    [Theory]
    [MemberData(nameof(Damaged))]
    public async Task A_damaged_attestation_key_file_is_named_with_how_to_recover(string what, byte[] content)
    {
        using var dir = new TestData.TempDirectory();
        var path = Path.Combine(dir.Path, "ak.blob");
        await File.WriteAllBytesAsync(path, content);
        await using var tpm = new TpmClient(await fixture.Primary.ConnectAsync());

        var error = await Assert.ThrowsAsync<AttestationStateFileException>(() => NodeAttester.CreateAsync(tpm, new AttesterOptions { NodeId = "node-k", AttestationKeyPath = path }));

        Assert.True(error.Message.StartsWith($"{path}: damaged attestation key file: ", StringComparison.Ordinal) && error.Message.EndsWith(Recovery, StringComparison.Ordinal), $"{what}: {error.Message}");
    }

    [Fact]
    public async Task An_attestation_key_file_of_another_tpm_is_named_as_not_loadable_here()
    {
        using var dir = new TestData.TempDirectory();
        var options = new AttesterOptions { NodeId = "node-k", AttestationKeyPath = Path.Combine(dir.Path, "ak.blob") };
        await using (var other = new TpmClient(await fixture.Secondary.ConnectAsync()))
        {
            await using var attester = await NodeAttester.CreateAsync(other, options);
        }

        await using var tpm = new TpmClient(await fixture.Primary.ConnectAsync());
        var error = await Assert.ThrowsAsync<AttestationStateFileException>(() => NodeAttester.CreateAsync(tpm, options));

        Assert.Contains("this TPM refuses to load the attestation key stored there", error.Message, StringComparison.Ordinal);
        Assert.EndsWith(Recovery, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_attestation_key_file_larger_than_the_limit_is_refused_before_it_is_read()
    {
        using var dir = new TestData.TempDirectory();
        var path = Path.Combine(dir.Path, "ak.blob");
        await File.WriteAllBytesAsync(path, new byte[16 * 1024 + 1]);
        await using var tpm = new TpmClient(await fixture.Primary.ConnectAsync());

        var error = await Assert.ThrowsAsync<AttestationStateFileException>(() => NodeAttester.CreateAsync(tpm, new AttesterOptions { NodeId = "node-k", AttestationKeyPath = path }));

        Assert.Contains("the attestation key file is larger than the limit of 16,384 bytes", error.Message, StringComparison.Ordinal);
    }
}
