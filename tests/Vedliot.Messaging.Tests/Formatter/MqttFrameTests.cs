using Vedliot.Messaging.Formatter;

namespace Vedliot.Messaging.Tests.Formatter;

public sealed class MqttFrameTests
{
    [Theory]
    [InlineData(new byte[] { 0x30, 0x00 }, 0, 2)]
    [InlineData(new byte[] { 0x30, 0x7F }, 127, 2)]
    [InlineData(new byte[] { 0x30, 0x80, 0x01 }, 128, 3)]
    [InlineData(new byte[] { 0x30, 0xFF, 0x7F }, 16_383, 3)]
    [InlineData(new byte[] { 0x30, 0x80, 0x80, 0x01 }, 16_384, 4)]
    [InlineData(new byte[] { 0x30, 0xFF, 0xFF, 0xFF, 0x7F }, 268_435_455, 5)]
    public void Remaining_length_boundaries_decode_as_in_the_specification(byte[] header, int remaining, int headerLength)
    {
        Assert.True(MqttFrame.TryReadHeader(header, out _, out var r, out var h));
        Assert.Equal(remaining, r);
        Assert.Equal(headerLength, h);
    }

    [Fact]
    public void Incomplete_header_asks_for_more_bytes()
    {
        Assert.False(MqttFrame.TryReadHeader([], out _, out _, out _));
        Assert.False(MqttFrame.TryReadHeader([0x30], out _, out _, out _));
        Assert.False(MqttFrame.TryReadHeader([0x30, 0x80, 0x80], out _, out _, out _));
    }

    [Fact]
    public void Five_byte_remaining_length_is_malformed()
    {
        var ex = Assert.Throws<MqttProtocolException>(() => MqttFrame.TryReadHeader([0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], out _, out _, out _));
        Assert.Contains("[MQTT-1.5.5-1]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_minimal_remaining_length_is_malformed()
    {
        Assert.Throws<MqttProtocolException>(() => MqttFrame.TryReadHeader([0x30, 0x80, 0x00], out _, out _, out _));
    }

    [Fact]
    public void Packet_type_zero_is_reserved()
    {
        Assert.Throws<MqttProtocolException>(() => MqttFrame.TryReadHeader([0x00, 0x00], out _, out _, out _));
    }
}
