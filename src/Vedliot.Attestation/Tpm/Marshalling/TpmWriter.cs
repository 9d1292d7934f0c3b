using System.Buffers.Binary;

namespace Vedliot.Attestation.Tpm.Marshalling;

/// <summary>Big-endian writer for TPM 2.0 canonical encoding (TPM 2.0 Part 1, 18 "Canonicalization").</summary>
public sealed class TpmWriter
{
    private byte[] _buffer;
    private int _length;

    /// <summary>Creates a writer with the given initial capacity.</summary>
    /// <param name="capacity">Initial buffer size in bytes.</param>
    public TpmWriter(int capacity = 256)
    {
        _buffer = new byte[Math.Max(16, capacity)];
    }

    /// <summary>Number of bytes written so far.</summary>
    public int Length => _length;

    /// <summary>Writes a byte.</summary>
    /// <param name="value">The value.</param>
    public void WriteByte(byte value) => Reserve(1)[0] = value;

    /// <summary>Writes a big-endian UINT16.</summary>
    /// <param name="value">The value.</param>
    public void WriteUInt16(ushort value) => BinaryPrimitives.WriteUInt16BigEndian(Reserve(2), value);

    /// <summary>Writes a big-endian UINT32.</summary>
    /// <param name="value">The value.</param>
    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32BigEndian(Reserve(4), value);

    /// <summary>Writes a big-endian UINT64.</summary>
    /// <param name="value">The value.</param>
    public void WriteUInt64(ulong value) => BinaryPrimitives.WriteUInt64BigEndian(Reserve(8), value);

    /// <summary>Writes raw bytes without a size prefix.</summary>
    /// <param name="value">The bytes.</param>
    public void WriteBytes(ReadOnlySpan<byte> value) => value.CopyTo(Reserve(value.Length));

    /// <summary>Writes a TPM2B: a UINT16 size followed by the bytes.</summary>
    /// <param name="value">The buffer contents.</param>
    /// <exception cref="ArgumentException">The buffer is longer than 65535 bytes.</exception>
    public void WriteSized(ReadOnlySpan<byte> value)
    {
        if (value.Length > ushort.MaxValue)
        {
            throw new ArgumentException("A TPM2B buffer holds at most 65535 bytes.", nameof(value));
        }

        WriteUInt16((ushort)value.Length);
        WriteBytes(value);
    }

    /// <summary>Reserves a UINT16 size field to be patched by <see cref="EndSized(int)"/> (for TPM2B wrappers of structures).</summary>
    /// <returns>The position of the size field.</returns>
    public int BeginSized()
    {
        var position = _length;
        WriteUInt16(0);
        return position;
    }

    /// <summary>Patches the size field reserved by <see cref="BeginSized"/> with the number of bytes written since.</summary>
    /// <param name="position">The value returned by <see cref="BeginSized"/>.</param>
    public void EndSized(int position)
    {
        var size = _length - position - 2;
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(position, 2), checked((ushort)size));
    }

    /// <summary>Overwrites a UINT32 at a position already written (used for the command size).</summary>
    /// <param name="position">Byte offset.</param>
    /// <param name="value">The value.</param>
    public void PatchUInt32(int position, uint value) => BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(position, 4), value);

    /// <summary>Copies the written bytes into a new array.</summary>
    /// <returns>The encoding.</returns>
    public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

    /// <summary>The written bytes, without copying; valid until the next write.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    private Span<byte> Reserve(int count)
    {
        if (_length + count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
        }

        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }
}
