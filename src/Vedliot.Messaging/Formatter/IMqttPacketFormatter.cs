using System.Buffers;
using Vedliot.Messaging.Packets;

namespace Vedliot.Messaging.Formatter;

/// <summary>
/// Encodes and decodes MQTT control packets for one protocol version. Instances keep scratch
/// buffers and are not thread-safe; use one per connection direction.
/// </summary>
public interface IMqttPacketFormatter
{
    /// <summary>The protocol version this formatter speaks.</summary>
    MqttProtocolVersion ProtocolVersion { get; }

    /// <summary>Writes the complete packet (fixed header included) to <paramref name="output"/>.</summary>
    /// <param name="packet">The packet.</param>
    /// <param name="output">Destination.</param>
    /// <exception cref="ArgumentException">The packet cannot be represented in this protocol version.</exception>
    void Encode(MqttPacket packet, IBufferWriter<byte> output);

    /// <summary>
    /// Writes the packet like <see cref="Encode"/> except that a PUBLISH payload is not copied:
    /// the fixed header counts it, and the caller must send the returned bytes right after the
    /// written ones. Lets large payloads go to the network without a copy.
    /// </summary>
    /// <param name="packet">The packet.</param>
    /// <param name="output">Destination of everything but the payload.</param>
    /// <returns>The payload still to be sent (empty for packets other than PUBLISH).</returns>
    ReadOnlyMemory<byte> EncodeDetachingPayload(MqttPacket packet, IBufferWriter<byte> output);

    /// <summary>Decodes one packet from its fixed header's first byte and its body.</summary>
    /// <param name="firstByte">Packet type and flags.</param>
    /// <param name="body">Variable header and payload. Decoded binary fields and PUBLISH payloads are slices of it (no copy), so the caller gives up ownership.</param>
    /// <returns>The decoded packet.</returns>
    /// <exception cref="MqttProtocolException">The packet is malformed or violates the protocol.</exception>
    MqttPacket Decode(byte firstByte, ReadOnlyMemory<byte> body);
}

/// <summary>Creates the formatter for a protocol version.</summary>
public static class MqttPacketFormatter
{
    /// <summary>Creates a new formatter instance.</summary>
    /// <param name="version">The protocol version.</param>
    /// <returns>A formatter for that version.</returns>
    public static IMqttPacketFormatter Create(MqttProtocolVersion version) => version switch
    {
        MqttProtocolVersion.V500 => new MqttV5PacketFormatter(),
        MqttProtocolVersion.V311 => new MqttV311PacketFormatter(),
        _ => throw new ArgumentOutOfRangeException(nameof(version), version, "Unsupported MQTT protocol version."),
    };
}
