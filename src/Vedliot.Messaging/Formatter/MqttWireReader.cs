using System.Buffers.Binary;
using System.Text;

namespace Vedliot.Messaging.Formatter;

/// <summary>
/// Reads MQTT data types (MQTT 5.0 §1.5) from one packet body. Every read checks bounds and throws a
/// malformed-packet <see cref="MqttProtocolException"/> on truncation or invalid encoding.
/// Binary data is returned as slices of the body (no copy).
/// </summary>
internal ref struct MqttWireReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlyMemory<byte> _memory;
    private readonly ReadOnlySpan<byte> _span;
    private int _position;

    public MqttWireReader(ReadOnlyMemory<byte> memory)
    {
        _memory = memory;
        _span = memory.Span;
        _position = 0;
    }

    public readonly int Remaining => _span.Length - _position;

    public readonly int Position => _position;

    public byte ReadByte()
    {
        Ensure(1);
        return _span[_position++];
    }

    public ushort ReadUInt16()
    {
        Ensure(2);
        var value = BinaryPrimitives.ReadUInt16BigEndian(_span[_position..]);
        _position += 2;
        return value;
    }

    public uint ReadUInt32()
    {
        Ensure(4);
        var value = BinaryPrimitives.ReadUInt32BigEndian(_span[_position..]);
        _position += 4;
        return value;
    }

    public uint ReadVariableByteInteger()
    {
        uint value = 0;
        var shift = 0;
        for (var i = 0; i < 4; i++)
        {
            var b = ReadByte();
            value |= (uint)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                if (i > 0 && b == 0)
                {
                    throw MqttProtocolException.Malformed("[MQTT-1.5.5-1]", "Variable Byte Integer is not encoded with the minimum number of bytes.");
                }

                return value;
            }

            shift += 7;
        }

        throw MqttProtocolException.Malformed("[MQTT-1.5.5-1]", "Variable Byte Integer is longer than four bytes.");
    }

    public ReadOnlyMemory<byte> ReadBinary()
    {
        var length = ReadUInt16();
        return ReadBytes(length);
    }

    public ReadOnlyMemory<byte> ReadBytes(int length)
    {
        Ensure(length);
        var slice = _memory.Slice(_position, length);
        _position += length;
        return slice;
    }

    public string ReadString()
    {
        var length = ReadUInt16();
        Ensure(length);
        var bytes = _span.Slice(_position, length);
        _position += length;
        return DecodeUtf8(bytes);
    }

    public static string DecodeUtf8(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IndexOf((byte)0) >= 0)
        {
            throw MqttProtocolException.Malformed("[MQTT-1.5.4-2]", "A UTF-8 Encoded String contains the null character U+0000.");
        }

        if (Ascii.IsValid(bytes))
        {
            return Encoding.ASCII.GetString(bytes);
        }

        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new MqttProtocolException(Packets.MqttReasonCode.MalformedPacket, "[MQTT-1.5.4-1]", "A UTF-8 Encoded String is ill-formed: " + ex.Message);
        }
    }

    public readonly void EnsureEnd(string what)
    {
        if (_position != _span.Length)
        {
            throw MqttProtocolException.Malformed("MQTT 5.0 §2.1.4", $"{_span.Length - _position} unexpected trailing byte(s) after {what}.");
        }
    }

    private readonly void Ensure(int count)
    {
        if (count > _span.Length - _position)
        {
            throw MqttProtocolException.Malformed("MQTT 5.0 §2.1.4", $"Packet truncated: needed {count} more byte(s) at offset {_position}, {_span.Length - _position} left.");
        }
    }
}
