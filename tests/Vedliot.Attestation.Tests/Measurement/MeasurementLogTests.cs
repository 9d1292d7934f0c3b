using System.Text;
using Vedliot.Attestation.Measurement;
using Vedliot.Attestation.Tests.Infrastructure;
using Vedliot.Attestation.Tpm.Crypto;
using Vedliot.Attestation.Tpm.Structures;

namespace Vedliot.Attestation.Tests.Measurement;

public sealed class MeasurementLogTests
{
    private static MeasurementLog SampleLog()
    {
        var log = new MeasurementLog();
        log.Append(log.NextEvent(ArtefactType.NodeAgent, "vedliot-node", TestData.Sha256(TestData.Bytes(1, 100))));
        log.Append(log.NextEvent(ArtefactType.ModelPartition, "stage-0.onnx", TestData.Sha256(TestData.Bytes(2, 100))));
        return log;
    }

    [Fact]
    public void Replay_extends_event_digests_from_zero()
    {
        var log = SampleLog();
        var expected = new byte[32];
        foreach (var e in log.Events)
        {
            expected = TpmHash.Extend(TpmAlgorithm.Sha256, expected, MeasurementLog.EventDigest(e));
        }

        Assert.Equal(expected, log.Replay());
        Assert.Equal(new byte[32], new MeasurementLog().Replay());
    }

    [Fact]
    public void Event_digest_binds_type_name_and_digest()
    {
        var e = SampleLog().Events[1];
        var digest = MeasurementLog.EventDigest(e);
        Assert.NotEqual(digest, MeasurementLog.EventDigest(e with { Name = "stage-1.onnx" }));
        Assert.NotEqual(digest, MeasurementLog.EventDigest(e with { Type = ArtefactType.Bitstream }));
        var other = e.Digest.ToArray();
        other[0] ^= 1;
        Assert.NotEqual(digest, MeasurementLog.EventDigest(e with { Digest = other }));
    }

    [Fact]
    public void Event_digest_follows_the_documented_encoding()
    {
        var e = new MeasurementEvent(0, ArtefactType.DeployManifest, "d", new byte[32]);
        var encoding = "VEDLIOT-MEASUREMENT-V1\0"u8.ToArray().Concat(new byte[] { 0, 1, 0, 1, (byte)'d', 0, 32 }).Concat(new byte[32]).ToArray();
        Assert.Equal(TestData.Sha256(encoding), MeasurementLog.EventDigest(e));
    }

    [Fact]
    public void Serialized_log_round_trips_and_uses_the_documented_names()
    {
        var log = SampleLog();
        var json = MeasurementLogSerializer.Serialize(log);
        var text = Encoding.UTF8.GetString(json);
        Assert.Contains("\"format\":\"vedliot-measurement-log/1\"", text, StringComparison.Ordinal);
        Assert.Contains("\"type\":\"model-partition\"", text, StringComparison.Ordinal);

        var back = MeasurementLogSerializer.Deserialize(json);
        Assert.Equal(log.Replay(), back.Replay());
        Assert.Equal(23, back.Pcr);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("not json")]
    [InlineData("{\"format\":\"vedliot-measurement-log/2\",\"pcr\":23,\"hashAlgorithm\":\"sha256\",\"events\":[]}")]
    [InlineData("{\"format\":\"vedliot-measurement-log/1\",\"pcr\":23,\"hashAlgorithm\":\"sha1\",\"events\":[]}")]
    [InlineData("{\"format\":\"vedliot-measurement-log/1\",\"pcr\":23,\"hashAlgorithm\":\"sha256\",\"events\":[{\"sequence\":0,\"type\":\"firmware\",\"name\":\"x\",\"digest\":\"00\"}]}")]
    [InlineData("{\"format\":\"vedliot-measurement-log/1\",\"pcr\":23,\"hashAlgorithm\":\"sha256\",\"events\":[{\"sequence\":0,\"type\":\"bitstream\",\"name\":\"x\",\"digest\":\"zz\"}]}")]
    [InlineData("{\"format\":\"vedliot-measurement-log/1\",\"pcr\":23,\"hashAlgorithm\":\"sha256\",\"events\":[{\"sequence\":0,\"type\":\"bitstream\",\"name\":\"x\",\"digest\":\"00\"}]}")]
    [InlineData("{\"format\":\"vedliot-measurement-log/1\",\"pcr\":23,\"hashAlgorithm\":\"sha256\",\"events\":[{\"sequence\":5,\"type\":\"bitstream\",\"name\":\"x\",\"digest\":\"0000000000000000000000000000000000000000000000000000000000000000\"}]}")]
    [InlineData("{\"format\":\"vedliot-measurement-log/1\",\"pcr\":23,\"hashAlgorithm\":\"sha256\",\"events\":[{\"sequence\":0,\"type\":\"bitstream\",\"name\":\"\",\"digest\":\"0000000000000000000000000000000000000000000000000000000000000000\"}]}")]
    [InlineData("{\"format\":\"vedliot-measurement-log/1\",\"pcr\":23,\"hashAlgorithm\":\"sha256\",\"events\":[],\"extra\":1}")]
    public void Malformed_logs_are_rejected(string json)
    {
        Assert.Throws<MeasurementLogFormatException>(() => MeasurementLogSerializer.Deserialize(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void Out_of_order_append_is_refused()
    {
        var log = new MeasurementLog();
        Assert.Throws<ArgumentException>(() => log.Append(new MeasurementEvent(1, ArtefactType.Bitstream, "b", new byte[32])));
    }
}
