using Vedliot.Attestation.Attester;
using Vedliot.Attestation.Measurement;
using Vedliot.Attestation.Tests.Infrastructure;
using Vedliot.Attestation.Tpm.Commands;
using Vedliot.Attestation.Tpm.Structures;

namespace Vedliot.Attestation.Tests.Attester;

[Collection(SwtpmGroup.Name)]
public sealed class NodeAttesterTests(SwtpmFixture fixture)
{
    [Fact]
    public async Task Attester_keeps_only_its_ak_loaded_and_reloads_the_same_ak_from_its_file()
    {
        using var dir = new TestData.TempDirectory();
        var options = new AttesterOptions { NodeId = "node-x", AttestationKeyPath = Path.Combine(dir.Path, "ak.blob") };
        await using var tpm = new TpmClient(await fixture.Primary.ConnectAsync());
        ReadOnlyMemory<byte> firstName;
        await using (var first = await NodeAttester.CreateAsync(tpm, options))
        {
            firstName = first.AttestationKeyName;
            Assert.Single(await tpm.GetHandlesAsync(TpmHandles.TransientFirst));
        }

        Assert.Empty(await tpm.GetHandlesAsync(TpmHandles.TransientFirst));
        await using var second = await NodeAttester.CreateAsync(tpm, options);
        Assert.Equal(firstName.ToArray(), second.AttestationKeyName.ToArray());
    }

    [Fact]
    public async Task Starting_resets_the_measurement_pcr_and_measuring_a_file_matches_measuring_its_bytes()
    {
        using var dir = new TestData.TempDirectory();
        var path = Path.Combine(dir.Path, "stage.onnx");
        await File.WriteAllBytesAsync(path, AttestationScenario.ModelPartition);
        await using var tpm = new TpmClient(await fixture.Primary.ConnectAsync());
        await tpm.PcrExtendAsync(23, TpmAlgorithm.Sha256, new byte[32]);
        await using var attester = await NodeAttester.CreateAsync(tpm, new AttesterOptions { NodeId = "node-y" });
        Assert.Equal(new byte[32], (await tpm.PcrReadAsync(TpmAlgorithm.Sha256, [23])).Values[23].ToArray());

        var fromFile = await attester.MeasureFileAsync(ArtefactType.ModelPartition, "stage.onnx", path);

        Assert.Equal(TestData.Sha256(AttestationScenario.ModelPartition), fromFile.Digest.ToArray());
        Assert.Equal(attester.GetLog().Replay(), (await tpm.PcrReadAsync(TpmAlgorithm.Sha256, [23])).Values[23].ToArray());
    }

    [Fact]
    public void Options_with_an_invalid_node_id_or_pcr_are_refused()
    {
        Assert.Throws<InvalidOperationException>(new AttesterOptions { NodeId = "bad/id" }.Validate);
        Assert.Throws<InvalidOperationException>(new AttesterOptions { NodeId = "ok", MeasurementPcr = 7 }.Validate);
    }
}
