using System.Buffers;
using Vedliot.Messaging.Packets;

namespace Vedliot.Messaging.Formatter;

/// <summary>
/// What both protocol versions share when encoding: the version-specific formatter writes a
/// packet's body, and this class frames it with the fixed header and appends (or detaches) the
/// PUBLISH payload.
/// </summary>
public abstract class MqttPacketFormatterBase : IMqttPacketFormatter
{
    private protected MqttPacketFormatterBase()
    {
    }

    /// <inheritdoc />
    public abstract MqttProtocolVersion ProtocolVersion { get; }

    /// <summary>Scratch buffer for the body (variable header and payload) of the packet being encoded.</summary>
    private protected MqttWireWriter Body { get; } = new();

    /// <inheritdoc />
    public void Encode(MqttPacket packet, IBufferWriter<byte> output) => EncodeCore(packet, output, detachPayload: false);

    /// <inheritdoc />
    public ReadOnlyMemory<byte> EncodeDetachingPayload(MqttPacket packet, IBufferWriter<byte> output) => EncodeCore(packet, output, detachPayload: true);

    /// <inheritdoc />
    public abstract MqttPacket Decode(byte firstByte, ReadOnlyMemory<byte> body);

    /// <summary>Writes the packet's variable header and payload, except a PUBLISH's application payload, to <see cref="Body"/>.</summary>
    /// <param name="packet">The packet.</param>
    private protected abstract void WriteBody(MqttPacket packet);

    private ReadOnlyMemory<byte> EncodeCore(MqttPacket packet, IBufferWriter<byte> output, bool detachPayload)
    {
        ArgumentNullException.ThrowIfNull(packet);
        ArgumentNullException.ThrowIfNull(output);
        Body.Reset();
        var (firstByte, payload) = packet is PublishPacket publish
            ? (MqttFormatterRules.PublishFirstByte(publish), publish.Payload)
            : (MqttFormatterRules.FirstByte(packet.Type), ReadOnlyMemory<byte>.Empty);
        WriteBody(packet);
        Body.CopyFramedTo(output, firstByte, detachPayload ? ReadOnlySpan<byte>.Empty : payload.Span, detachPayload ? payload.Length : 0);
        return detachPayload ? payload : ReadOnlyMemory<byte>.Empty;
    }
}
