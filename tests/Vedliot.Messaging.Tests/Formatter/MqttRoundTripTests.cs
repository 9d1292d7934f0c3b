using Vedliot.Messaging.Formatter;
using Vedliot.Messaging.Packets;

namespace Vedliot.Messaging.Tests.Formatter;

public sealed class MqttRoundTripTests
{
    public static TheoryData<MqttProtocolVersion, int> Samples()
    {
        var data = new TheoryData<MqttProtocolVersion, int>();
        foreach (var i in Enumerable.Range(0, PacketSamples.AllV5().Count()))
        {
            data.Add(MqttProtocolVersion.V500, i);
        }

        foreach (var i in Enumerable.Range(0, PacketSamples.AllV311().Count()))
        {
            data.Add(MqttProtocolVersion.V311, i);
        }

        return data;
    }

    private static MqttPacket Sample(MqttProtocolVersion version, int index) =>
        (version == MqttProtocolVersion.V500 ? PacketSamples.AllV5() : PacketSamples.AllV311()).ElementAt(index);

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_packet_survives_an_encode_decode_round_trip(MqttProtocolVersion version, int index)
    {
        var formatter = MqttPacketFormatter.Create(version);
        var packet = Sample(version, index);
        var bytes = PacketSamples.Encode(formatter, packet);
        var decoded = PacketSamples.Decode(formatter, bytes);
        Assert.Equal(packet.GetType(), decoded.GetType());
        Assert.Equal(bytes, PacketSamples.Encode(formatter, decoded));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Detaching_the_payload_writes_the_same_bytes_minus_the_payload(MqttProtocolVersion version, int index)
    {
        var formatter = MqttPacketFormatter.Create(version);
        var packet = Sample(version, index);
        var whole = PacketSamples.Encode(formatter, packet);
        var writer = new System.Buffers.ArrayBufferWriter<byte>();
        var payload = formatter.EncodeDetachingPayload(packet, writer);
        byte[] joined = [.. writer.WrittenSpan, .. payload.Span];
        Assert.Equal(whole, joined);
        Assert.Equal(packet is PublishPacket p ? p.Payload.Length : 0, payload.Length);
    }
}
