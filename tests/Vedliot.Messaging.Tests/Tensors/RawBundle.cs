using System.Buffers.Binary;
using Vedliot.Messaging.Tensors;

namespace Vedliot.Messaging.Tests.Tensors;

/// <summary>
/// Writes VTB1 bytes straight from the documented layout, independently of <see cref="TensorBundleCodec"/>,
/// so that tests can build bundles the encoder refuses to produce (and check the encoder against the spec).
/// </summary>
internal static class RawBundle
{
    public const int HeaderSize = 32;

    public static byte[] Build(ulong pipelineId, ulong requestId, uint stageIndex, IReadOnlyList<(byte[] Name, byte[] Frame)> entries, int? declaredCount = null)
    {
        var bytes = new List<byte>(new byte[HeaderSize]);
        foreach (var (name, frame) in entries)
        {
            bytes.AddRange(BitConverter.GetBytes((ushort)name.Length));
            bytes.AddRange(name);
            while (bytes.Count % 8 != 0)
            {
                bytes.Add(0);
            }

            bytes.AddRange(BitConverter.GetBytes((ulong)frame.Length));
            bytes.AddRange(frame);
        }

        var result = bytes.ToArray();
        "VTB1"u8.CopyTo(result);
        result[4] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(result.AsSpan(6), (ushort)(declaredCount ?? entries.Count));
        BinaryPrimitives.WriteUInt64LittleEndian(result.AsSpan(8), pipelineId);
        BinaryPrimitives.WriteUInt64LittleEndian(result.AsSpan(16), requestId);
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(24), stageIndex);
        Reseal(result);
        return result;
    }

    /// <summary>Offsets of each entry's name length field and frame, walking the documented layout.</summary>
    public static List<(int EntryOffset, int FrameOffset, int FrameLength)> Entries(byte[] bundle)
    {
        var entries = new List<(int, int, int)>();
        if (bundle.Length < HeaderSize)
        {
            return entries;
        }

        int count = BinaryPrimitives.ReadUInt16LittleEndian(bundle.AsSpan(6));
        var offset = HeaderSize;
        for (var i = 0; i < count; i++)
        {
            if (offset + 2 > bundle.Length)
            {
                break;
            }

            var lengthOffset = (offset + 2 + BinaryPrimitives.ReadUInt16LittleEndian(bundle.AsSpan(offset)) + 7) & ~7;
            if (lengthOffset + 8 > bundle.Length)
            {
                break;
            }

            var frameLength = BinaryPrimitives.ReadUInt64LittleEndian(bundle.AsSpan(lengthOffset));
            entries.Add((offset, lengthOffset + 8, (int)Math.Min(frameLength, int.MaxValue)));
            if (frameLength > (ulong)(bundle.Length - lengthOffset - 8))
            {
                break;
            }

            offset = lengthOffset + 8 + (int)frameLength;
        }

        return entries;
    }

    /// <summary>
    /// Rewrites the bundle CRC-32C (bytes [0, 28), then each entry from its name length to its frame length)
    /// as far as the structure can be walked, so that tests reach the checks behind the checksum.
    /// </summary>
    public static void Reseal(byte[] bundle)
    {
        if (bundle.Length < HeaderSize)
        {
            return;
        }

        var crc = Crc32C.Append(0xFFFFFFFF, bundle.AsSpan(0, 28));
        foreach (var (entryOffset, frameOffset, _) in Entries(bundle))
        {
            crc = Crc32C.Append(crc, bundle.AsSpan(entryOffset, frameOffset - entryOffset));
        }

        BinaryPrimitives.WriteUInt32LittleEndian(bundle.AsSpan(28), ~crc);
    }
}
