using Vedliot.Messaging.Packets;

namespace Vedliot.Messaging.Formatter;

/// <summary>Reads the fixed header that frames every MQTT control packet (MQTT 5.0 §2.1).</summary>
public static class MqttFrame
{
    /// <summary>The largest Remaining Length a Variable Byte Integer can carry (268,435,455).</summary>
    public const int MaximumRemainingLength = 268_435_455;

    /// <summary>
    /// Tries to read a fixed header from the start of <paramref name="buffer"/>.
    /// </summary>
    /// <param name="buffer">Bytes received so far.</param>
    /// <param name="firstByte">Packet type and flags.</param>
    /// <param name="remainingLength">Length of the variable header plus payload.</param>
    /// <param name="headerLength">Bytes taken by the fixed header (2 to 5).</param>
    /// <returns>False when more bytes are needed to complete the fixed header.</returns>
    /// <exception cref="MqttProtocolException">The Remaining Length is malformed [MQTT-1.5.5-1] or the packet type is reserved.</exception>
    public static bool TryReadHeader(ReadOnlySpan<byte> buffer, out byte firstByte, out int remainingLength, out int headerLength)
    {
        firstByte = 0;
        remainingLength = 0;
        headerLength = 0;
        if (buffer.IsEmpty)
        {
            return false;
        }

        var type = buffer[0] >> 4;
        if (type == 0)
        {
            throw MqttProtocolException.Malformed("MQTT 5.0 §2.1.2", "Packet type 0 is reserved.");
        }

        var value = 0;
        var shift = 0;
        for (var i = 1; i <= 4; i++)
        {
            if (i >= buffer.Length)
            {
                return false;
            }

            var b = buffer[i];
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                if (i > 1 && b == 0)
                {
                    throw MqttProtocolException.Malformed("[MQTT-1.5.5-1]", "Remaining Length is not encoded with the minimum number of bytes.");
                }

                firstByte = buffer[0];
                remainingLength = value;
                headerLength = i + 1;
                return true;
            }

            shift += 7;
        }

        throw MqttProtocolException.Malformed("[MQTT-1.5.5-1]", "Remaining Length is longer than four bytes.");
    }

    /// <summary>The packet type encoded in a fixed header's first byte.</summary>
    /// <param name="firstByte">The first byte of the fixed header.</param>
    /// <returns>The packet type.</returns>
    public static MqttPacketType PacketTypeOf(byte firstByte) => (MqttPacketType)(firstByte >> 4);
}
