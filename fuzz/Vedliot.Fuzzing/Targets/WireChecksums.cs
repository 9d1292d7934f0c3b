using System.Buffers.Binary;
using Vedliot.Messaging.Tensors;

namespace Vedliot.Fuzzing.Targets;

/// <summary>
/// Rewrites the CRC-32C fields of mutated tensor frames and bundles (layouts in TensorFrameCodec and
/// TensorBundleCodec), so that mutations reach the checks behind the checksums. Bytes too short or too
/// broken to locate a checksum are left alone.
/// </summary>
public static class WireChecksums
{
    /// <summary>Reseals a VTF1 frame in place.</summary>
    /// <param name="frame">The frame bytes.</param>
    public static void ResealFrame(Span<byte> frame)
    {
        if (frame.Length < 7)
        {
            return;
        }

        var rank = frame[6];
        var crcOffset = 36 + (8 * rank);
        if (rank > TensorFrameCodec.MaximumRank || frame.Length < crcOffset + 4)
        {
            return;
        }

        var crc = ~Crc32C.Append(Crc32C.Append(0xFFFFFFFF, frame[..crcOffset]), frame[(crcOffset + 4)..]);
        BinaryPrimitives.WriteUInt32LittleEndian(frame[crcOffset..], crc);
    }

    /// <summary>Reseals a VTB1 bundle and every frame in it that can be located, in place.</summary>
    /// <param name="bundle">The bundle bytes.</param>
    public static void ResealBundle(Span<byte> bundle)
    {
        if (bundle.Length < TensorBundleCodec.HeaderSize)
        {
            return;
        }

        var crc = Crc32C.Append(0xFFFFFFFF, bundle[..28]);
        var offset = TensorBundleCodec.HeaderSize;
        while (offset + 2 <= bundle.Length)
        {
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(bundle[offset..]);
            var frameLengthOffset = (offset + 2 + nameLength + 7) & ~7;
            if (frameLengthOffset + 8 > bundle.Length)
            {
                break;
            }

            var frameLength = BinaryPrimitives.ReadUInt64LittleEndian(bundle[frameLengthOffset..]);
            crc = Crc32C.Append(crc, bundle[offset..(frameLengthOffset + 8)]);
            var frameOffset = frameLengthOffset + 8;
            if (frameLength > (ulong)(bundle.Length - frameOffset))
            {
                break;
            }

            ResealFrame(bundle.Slice(frameOffset, (int)frameLength));
            offset = frameOffset + (int)frameLength;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(bundle[28..], ~crc);
    }
}
