using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Vedliot.Messaging.Formatter;

/// <summary>A growable scratch buffer that writes MQTT data types (MQTT 5.0 §1.5). Not thread-safe.</summary>
internal sealed class MqttWireWriter
{
    private byte[] _buffer;
    private int _length;

    public MqttWireWriter(int initialCapacity = 256) => _buffer = new byte[initialCapacity];

    public int Length => _length;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    public void Reset()
    {
        _length = 0;
        if (_buffer.Length > 1 << 20)
        {
            _buffer = new byte[256];
        }
    }

    public void WriteByte(byte value) => Reserve(1)[0] = value;

    public void WriteUInt16(ushort value) => BinaryPrimitives.WriteUInt16BigEndian(Reserve(2), value);

    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32BigEndian(Reserve(4), value);

    public void WriteVariableByteInteger(uint value)
    {
        var span = Reserve(VariableByteIntegerSize(value));
        WriteVariableByteInteger(span, value);
    }

    public void WriteString(string value)
    {
        var byteCount = Encoding.UTF8.GetByteCount(value);
        if (byteCount > ushort.MaxValue)
        {
            throw new ArgumentException($"UTF-8 string of {byteCount} bytes exceeds 65,535 bytes (MQTT 5.0 §1.5.4).", nameof(value));
        }

        WriteUInt16((ushort)byteCount);
        Encoding.UTF8.GetBytes(value, Reserve(byteCount));
    }

    public void WriteBinary(ReadOnlySpan<byte> value)
    {
        if (value.Length > ushort.MaxValue)
        {
            throw new ArgumentException($"Binary data of {value.Length} bytes exceeds 65,535 bytes (MQTT 5.0 §1.5.6).", nameof(value));
        }

        WriteUInt16((ushort)value.Length);
        WriteBytes(value);
    }

    public void WriteBytes(ReadOnlySpan<byte> value) => value.CopyTo(Reserve(value.Length));

    public static int VariableByteIntegerSize(uint value) => value switch
    {
        < 128 => 1,
        < 16_384 => 2,
        < 2_097_152 => 3,
        <= MqttFrame.MaximumRemainingLength => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Variable Byte Integer exceeds 268,435,455 (MQTT 5.0 §1.5.5)."),
    };

    public static int WriteVariableByteInteger(Span<byte> destination, uint value)
    {
        var i = 0;
        do
        {
            var digit = (byte)(value & 0x7F);
            value >>= 7;
            if (value > 0)
            {
                digit |= 0x80;
            }

            destination[i++] = digit;
        }
        while (value > 0);
        return i;
    }

    /// <summary>
    /// Writes a fixed header, this writer's content and an optional trailing payload to <paramref name="output"/>;
    /// <paramref name="detachedLength"/> more bytes are counted in the Remaining Length but sent by the caller.
    /// </summary>
    public void CopyFramedTo(IBufferWriter<byte> output, byte firstByte, ReadOnlySpan<byte> trailer, int detachedLength)
    {
        var remaining = (long)_length + trailer.Length + detachedLength;
        if (remaining > MqttFrame.MaximumRemainingLength)
        {
            throw new ArgumentException($"Packet body of {remaining} bytes exceeds the MQTT maximum of 268,435,455 bytes (MQTT 5.0 §2.1.4).");
        }

        var headerSize = 1 + VariableByteIntegerSize((uint)remaining);
        var total = headerSize + _length + trailer.Length;
        var span = output.GetSpan(total);
        span[0] = firstByte;
        WriteVariableByteInteger(span[1..], (uint)remaining);
        WrittenSpan.CopyTo(span[headerSize..]);
        trailer.CopyTo(span[(headerSize + _length)..]);
        output.Advance(total);
    }

    private Span<byte> Reserve(int count)
    {
        if (_buffer.Length - _length < count)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
        }

        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }
}
