using System.Buffers.Binary;

namespace Vedliot.Attestation.Tpm.Marshalling;

/// <summary>Big-endian reader for TPM 2.0 canonical encoding; every read is bounds-checked and fails with <see cref="TpmFormatException"/>.</summary>
public sealed class TpmReader
{
    private readonly ReadOnlyMemory<byte> _data;
    private int _position;

    /// <summary>Creates a reader over the given bytes.</summary>
    /// <param name="data">The encoding to read.</param>
    public TpmReader(ReadOnlyMemory<byte> data)
    {
        _data = data;
    }

    /// <summary>Current offset.</summary>
    public int Position => _position;

    /// <summary>Bytes left to read.</summary>
    public int Remaining => _data.Length - _position;

    /// <summary>Reads a byte.</summary>
    /// <param name="field">Field name for the error message.</param>
    /// <returns>The value.</returns>
    public byte ReadByte(string field) => Take(1, field).Span[0];

    /// <summary>Reads a big-endian UINT16.</summary>
    /// <param name="field">Field name for the error message.</param>
    /// <returns>The value.</returns>
    public ushort ReadUInt16(string field) => BinaryPrimitives.ReadUInt16BigEndian(Take(2, field).Span);

    /// <summary>Reads a big-endian UINT32.</summary>
    /// <param name="field">Field name for the error message.</param>
    /// <returns>The value.</returns>
    public uint ReadUInt32(string field) => BinaryPrimitives.ReadUInt32BigEndian(Take(4, field).Span);

    /// <summary>Reads a big-endian UINT64.</summary>
    /// <param name="field">Field name for the error message.</param>
    /// <returns>The value.</returns>
    public ulong ReadUInt64(string field) => BinaryPrimitives.ReadUInt64BigEndian(Take(8, field).Span);

    /// <summary>Reads a fixed number of bytes.</summary>
    /// <param name="count">Number of bytes.</param>
    /// <param name="field">Field name for the error message.</param>
    /// <returns>A slice of the input (not copied).</returns>
    public ReadOnlyMemory<byte> ReadBytes(int count, string field) => Take(count, field);

    /// <summary>Reads a TPM2B: UINT16 size then that many bytes.</summary>
    /// <param name="field">Field name for the error message.</param>
    /// <param name="maxSize">Largest size the structure allows.</param>
    /// <returns>A slice of the input (not copied).</returns>
    public ReadOnlyMemory<byte> ReadSized(string field, int maxSize = ushort.MaxValue)
    {
        var size = ReadUInt16(field + ".size");
        if (size > maxSize)
        {
            throw new TpmFormatException($"{field}: size {size} exceeds the maximum {maxSize} allowed by TPM 2.0 Part 2.");
        }

        return Take(size, field);
    }

    /// <summary>Fails unless every byte has been consumed.</summary>
    /// <param name="structure">Structure name for the error message.</param>
    public void EnsureEnd(string structure)
    {
        if (Remaining != 0)
        {
            throw new TpmFormatException($"{structure}: {Remaining} unexpected trailing byte(s).");
        }
    }

    private ReadOnlyMemory<byte> Take(int count, string field)
    {
        if (count < 0 || count > Remaining)
        {
            throw new TpmFormatException($"{field}: needs {count} byte(s) at offset {_position}, only {Remaining} left (truncated).");
        }

        var slice = _data.Slice(_position, count);
        _position += count;
        return slice;
    }
}
