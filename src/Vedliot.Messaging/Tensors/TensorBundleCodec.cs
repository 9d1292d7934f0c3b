using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Unicode;

namespace Vedliot.Messaging.Tensors;

/// <summary>
/// The Vedliot tensor bundle wire format, version 1: several named tensor frames in one payload, so that
/// the tensors one request passes across a pipeline cut arrive together. All integers little-endian:
/// <code>
/// offset    size field
///  0         4   magic "VTB1"
///  4         1   format version (1)
///  5         1   flags (reserved, 0)
///  6         2   tensor count n (0..256)
///  8         8   pipeline id
/// 16         8   request id
/// 24         4   stage index
/// 28         4   CRC-32C of the bundle's own bytes (see below)
/// 32         ..  n tensor entries, back to back, each at some offset e:
///   e        2   name length L (1..1024)
///   e+2      L   tensor name, UTF-8 (the ONNX value name, unique within the bundle)
///   e+2+L    p   zero padding (0..7 bytes) so that f = e+2+L+p is a multiple of 8
///   f        8   frame length F
///   f+8      F   one complete VTF1 frame (<see cref="TensorFrameCodec"/>), which carries its own CRC-32C
/// </code>
/// The next entry starts right after the previous frame, and nothing follows the last one. Every frame
/// therefore starts at a multiple of 8 bytes from the bundle start and, because VTF1 headers are a multiple
/// of 8 bytes long, so does every frame's element data.
/// <para>
/// The bundle CRC-32C covers bytes [0, 28) followed by, for each entry in order, the bytes from the name
/// length to the frame length inclusive; the frames are covered by their own checksums, so a flipped bit
/// anywhere in a bundle is detected (a corrupted name cannot silently route a tensor to the wrong input).
/// </para>
/// <para>
/// Every embedded frame carries the bundle's pipeline id, request id and stage index. <see cref="Encode(TensorBundle)"/>
/// validates this rather than overwriting the frames' ids: a frame with other ids most likely belongs to
/// another request or stage, and rewriting it would hide that bug. Decoding rejects the same disagreement.
/// </para>
/// </summary>
public static class TensorBundleCodec
{
    /// <summary>Most tensors one bundle may carry.</summary>
    public const int MaximumTensorCount = 256;

    /// <summary>Longest tensor name, in UTF-8 bytes.</summary>
    public const int MaximumNameLength = 1024;

    /// <summary>The format version written by this codec.</summary>
    public const byte FormatVersion = 1;

    /// <summary>Size of the bundle header (everything before the first entry); also the size of an empty bundle.</summary>
    public const int HeaderSize = 32;

    private const uint Magic = 0x31425456; // "VTB1" read as little-endian uint32
    private const uint FrameMagic = 0x31465456; // "VTF1"
    private const int CrcOffset = 28;

    // Smallest possible entry: name length, a 1-byte name, no padding, frame length, a rank-0 frame of no data.
    private static readonly int MinimumEntryLength = 2 + 1 + 8 + TensorFrameCodec.HeaderSize(0);

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Size in bytes of a bundle once encoded; validates the bundle as <see cref="Encode(TensorBundle)"/> does.</summary>
    /// <param name="bundle">The bundle.</param>
    /// <returns>The encoded length.</returns>
    /// <exception cref="ArgumentException">The bundle breaks a rule of the format (see <see cref="Encode(TensorBundle)"/>).</exception>
    public static int EncodedLength(TensorBundle bundle) => Measure(bundle, out _);

    /// <summary>Writes a bundle to <paramref name="output"/>.</summary>
    /// <param name="bundle">The bundle (see <see cref="Encode(TensorBundle)"/> for the rules it must follow).</param>
    /// <param name="output">Destination; nothing is written when the bundle is invalid.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentException">The bundle breaks a rule of the format.</exception>
    public static int Encode(TensorBundle bundle, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var total = Measure(bundle, out var nameLengths);
        Write(bundle, nameLengths, output.GetSpan(total)[..total]);
        output.Advance(total);
        return total;
    }

    /// <summary>Encodes a bundle into a new array of exactly <see cref="EncodedLength"/> bytes.</summary>
    /// <param name="bundle">
    /// The bundle: at most <see cref="MaximumTensorCount"/> tensors; names non-empty, valid UTF-16, at most
    /// <see cref="MaximumNameLength"/> UTF-8 bytes and unique (ordinal); every frame's data length matching
    /// its shape; every frame's pipeline id, request id and stage index equal to the bundle's (validated,
    /// never overwritten).
    /// </param>
    /// <returns>The encoded bytes.</returns>
    /// <exception cref="ArgumentException">The bundle breaks one of these rules; the message names the tensor.</exception>
    public static byte[] Encode(TensorBundle bundle)
    {
        var bytes = GC.AllocateUninitializedArray<byte>(Measure(bundle, out var nameLengths));
        Write(bundle, nameLengths, bytes);
        return bytes;
    }

    /// <summary>Decodes and verifies a bundle. The frames' data are slices of <paramref name="buffer"/> (no copy).</summary>
    /// <param name="buffer">One complete bundle.</param>
    /// <returns>The bundle.</returns>
    /// <exception cref="TensorFrameException">The bundle or one of its frames is corrupt; the message says how.</exception>
    public static TensorBundle Decode(ReadOnlyMemory<byte> buffer) =>
        TryDecode(buffer, out var bundle, out var error) ? bundle : throw new TensorFrameException(error);

    /// <summary>Decodes and verifies a bundle without throwing.</summary>
    /// <param name="buffer">One complete bundle.</param>
    /// <param name="bundle">The bundle, when valid; its frames' data are slices of <paramref name="buffer"/>.</param>
    /// <param name="error">Why the bundle is invalid, when it is.</param>
    /// <returns>True when the bundle is valid.</returns>
    public static bool TryDecode(ReadOnlyMemory<byte> buffer, [NotNullWhen(true)] out TensorBundle? bundle, [NotNullWhen(false)] out string? error)
    {
        bundle = null;
        var span = buffer.Span;
        if (span.Length < HeaderSize)
        {
            error = $"Tensor bundle of {span.Length} bytes is shorter than the {HeaderSize}-byte header.";
            return false;
        }

        var magic = BinaryPrimitives.ReadUInt32LittleEndian(span);
        if (magic != Magic)
        {
            error = magic == FrameMagic
                ? "Not a tensor bundle: magic is 'VTF1' (a single tensor frame), not 'VTB1'."
                : "Not a tensor bundle: magic is not 'VTB1'.";
            return false;
        }

        if (span[4] != FormatVersion)
        {
            error = $"Tensor bundle version {span[4]} is not supported (expected {FormatVersion}).";
            return false;
        }

        if (span[5] != 0)
        {
            error = $"Tensor bundle flags 0x{span[5]:X2} are reserved and must be 0.";
            return false;
        }

        int count = BinaryPrimitives.ReadUInt16LittleEndian(span[6..]);
        if (count > MaximumTensorCount)
        {
            error = $"Tensor bundle declares {count} tensors, more than the limit of {MaximumTensorCount}.";
            return false;
        }

        // Checked before anything is allocated for the entries: each needs at least MinimumEntryLength bytes.
        if ((long)count * MinimumEntryLength > span.Length - HeaderSize)
        {
            error = $"Tensor bundle declares {count} tensors, which need at least {(long)count * MinimumEntryLength} bytes, but only {span.Length - HeaderSize} follow the header (truncated).";
            return false;
        }

        var bundleIds = (Pipeline: BinaryPrimitives.ReadUInt64LittleEndian(span[8..]), Request: BinaryPrimitives.ReadUInt64LittleEndian(span[16..]), Stage: BinaryPrimitives.ReadUInt32LittleEndian(span[24..]));

        // Pass 1: structure (lengths, padding, bounds) and the bundle checksum, so that corruption is
        // reported as such before the contents are interpreted.
        var entries = count == 0 ? [] : new Entry[count];
        var crc = Crc32C.Append(0xFFFFFFFF, span[..CrcOffset]);
        var offset = HeaderSize;
        for (var i = 0; i < count; i++)
        {
            if (span.Length - offset < 2)
            {
                error = $"Tensor bundle is truncated: entry #{i} starts at byte {offset} but only {span.Length - offset} bytes remain, too few for its name length.";
                return false;
            }

            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(span[offset..]);
            if (nameLength == 0)
            {
                error = $"Tensor bundle entry #{i} has an empty name.";
                return false;
            }

            if (nameLength > MaximumNameLength)
            {
                error = $"Tensor bundle entry #{i} has a name of {nameLength} bytes, more than the limit of {MaximumNameLength}.";
                return false;
            }

            var nameOffset = offset + 2;
            if (span.Length - nameOffset < nameLength)
            {
                error = $"Tensor bundle is truncated: entry #{i} declares a name of {nameLength} bytes but only {span.Length - nameOffset} remain.";
                return false;
            }

            var nameEnd = nameOffset + nameLength;
            if (AlignUp((long)nameEnd) + 8 > span.Length)
            {
                error = $"Tensor bundle is truncated: entry #{i} ends after its name, without padding and frame length.";
                return false;
            }

            var lengthOffset = AlignUp(nameEnd);

            if (span[nameEnd..lengthOffset].ContainsAnyExcept((byte)0))
            {
                error = $"Tensor bundle entry #{i} has non-zero padding after its name.";
                return false;
            }

            var frameLength = BinaryPrimitives.ReadUInt64LittleEndian(span[lengthOffset..]);
            var frameOffset = lengthOffset + 8;
            if (frameLength > (ulong)(span.Length - frameOffset))
            {
                error = $"Tensor bundle entry #{i} declares a frame of {frameLength} bytes but only {span.Length - frameOffset} remain (truncated).";
                return false;
            }

            crc = Crc32C.Append(crc, span[offset..frameOffset]);
            entries[i] = new Entry(nameOffset, nameLength, frameOffset, (int)frameLength);
            offset = frameOffset + (int)frameLength;
        }

        if (offset != span.Length)
        {
            error = $"Tensor bundle has {span.Length - offset} trailing bytes after its {(count == 0 ? "header" : "last tensor")}.";
            return false;
        }

        crc = ~crc;
        var stored = BinaryPrimitives.ReadUInt32LittleEndian(span[CrcOffset..]);
        if (crc != stored)
        {
            error = $"Tensor bundle checksum mismatch: stored CRC-32C 0x{stored:X8}, computed 0x{crc:X8} (corrupted in transit).";
            return false;
        }

        // Pass 2: names, frames and ids.
        var tensors = new NamedTensor[count];
        var seen = new Dictionary<string, int>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var entry = entries[i];
            var nameBytes = span.Slice(entry.NameOffset, entry.NameLength);
            if (!Utf8.IsValid(nameBytes))
            {
                error = $"Tensor bundle entry #{i} has a name that is not valid UTF-8.";
                return false;
            }

            var name = Encoding.UTF8.GetString(nameBytes);
            if (!seen.TryAdd(name, i))
            {
                error = $"Tensor bundle holds two tensors named {Quote(name)} (entries #{seen[name]} and #{i}).";
                return false;
            }

            if (!TensorFrameCodec.TryDecode(buffer.Slice(entry.FrameOffset, entry.FrameLength), out var frame, out var frameError))
            {
                error = $"Tensor {Quote(name)} (entry #{i}) holds an invalid frame: {frameError}";
                return false;
            }

            if (frame.PipelineId != bundleIds.Pipeline || frame.RequestId != bundleIds.Request || frame.StageIndex != bundleIds.Stage)
            {
                error = $"Tensor {Quote(name)} (entry #{i}) carries {Ids(frame.PipelineId, frame.RequestId, frame.StageIndex)} but the bundle header says {Ids(bundleIds.Pipeline, bundleIds.Request, bundleIds.Stage)}.";
                return false;
            }

            tensors[i] = new NamedTensor { Name = name, Frame = frame };
        }

        bundle = new TensorBundle
        {
            PipelineId = bundleIds.Pipeline,
            RequestId = bundleIds.Request,
            StageIndex = bundleIds.Stage,
            Tensors = tensors,
        };
        error = null;
        return true;
    }

    /// <summary>Checks a tensor name against the rules of the format.</summary>
    /// <param name="name">The name.</param>
    /// <param name="paramName">Parameter to name in the exception.</param>
    /// <returns>The name's length in UTF-8 bytes.</returns>
    /// <exception cref="ArgumentException">The name is empty, not valid UTF-16 or too long.</exception>
    internal static int ValidateName(string? name, string paramName)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException("Tensor names must not be null or empty.", paramName);
        }

        int byteCount;
        try
        {
            byteCount = StrictUtf8.GetByteCount(name);
        }
        catch (EncoderFallbackException ex)
        {
            throw new ArgumentException($"Tensor name {Quote(name)} is not valid UTF-16 (unpaired surrogate), so it has no UTF-8 form.", paramName, ex);
        }

        if (byteCount > MaximumNameLength)
        {
            throw new ArgumentException($"Tensor name {Quote(name)} is {byteCount} UTF-8 bytes long, more than the limit of {MaximumNameLength}.", paramName);
        }

        return byteCount;
    }

    /// <summary>Whether <paramref name="payload"/> starts with the bundle magic "VTB1".</summary>
    /// <param name="payload">A payload.</param>
    /// <returns>True when it does.</returns>
    internal static bool StartsWithMagic(ReadOnlySpan<byte> payload) =>
        payload.Length >= 4 && BinaryPrimitives.ReadUInt32LittleEndian(payload) == Magic;

    // Validates the bundle and returns its encoded length and its names' UTF-8 lengths.
    private static int Measure(TensorBundle bundle, out int[] nameLengths)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var tensors = bundle.Tensors ?? throw new ArgumentException("Tensor bundle has no tensor list.", nameof(bundle));
        if (tensors.Count > MaximumTensorCount)
        {
            throw new ArgumentException($"A tensor bundle holds at most {MaximumTensorCount} tensors, not {tensors.Count}.", nameof(bundle));
        }

        nameLengths = new int[tensors.Count];
        var names = new HashSet<string>(tensors.Count, StringComparer.Ordinal);
        long total = HeaderSize;
        for (var i = 0; i < tensors.Count; i++)
        {
            var tensor = tensors[i] ?? throw new ArgumentException($"Tensor bundle entry #{i} is null.", nameof(bundle));
            var nameLength = ValidateName(tensor.Name, nameof(bundle));
            if (!names.Add(tensor.Name))
            {
                throw new ArgumentException($"Tensor bundle holds two tensors named {Quote(tensor.Name)}; names must be unique.", nameof(bundle));
            }

            var frame = tensor.Frame ?? throw new ArgumentException($"Tensor {Quote(tensor.Name)} has no frame.", nameof(bundle));
            if (frame.PipelineId != bundle.PipelineId || frame.RequestId != bundle.RequestId || frame.StageIndex != bundle.StageIndex)
            {
                throw new ArgumentException($"Tensor {Quote(tensor.Name)} carries {Ids(frame.PipelineId, frame.RequestId, frame.StageIndex)} but the bundle has {Ids(bundle.PipelineId, bundle.RequestId, bundle.StageIndex)}; frames in a bundle must carry the bundle's ids.", nameof(bundle));
            }

            long dataLength;
            try
            {
                dataLength = TensorFrameCodec.DataLength(frame.ElementType, frame.Shape);
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException($"Tensor {Quote(tensor.Name)} has an invalid frame: {ex.Message}", nameof(bundle), ex);
            }

            if (frame.Data.Length != dataLength)
            {
                throw new ArgumentException($"Tensor {Quote(tensor.Name)} holds {frame.Data.Length} data bytes but shape [{string.Join(',', frame.Shape)}] of {frame.ElementType} needs {dataLength}.", nameof(bundle));
            }

            total = AlignUp(total + 2 + nameLength) + 8 + TensorFrameCodec.HeaderSize(frame.Shape.Count) + dataLength;
            if (total > Array.MaxLength)
            {
                throw new ArgumentException($"Tensor bundle would be larger than the largest array ({Array.MaxLength} bytes).", nameof(bundle));
            }

            nameLengths[i] = nameLength;
        }

        return (int)total;
    }

    private static void Write(TensorBundle bundle, int[] nameLengths, Span<byte> span)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(span, Magic);
        span[4] = FormatVersion;
        span[5] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(span[6..], (ushort)bundle.Tensors.Count);
        BinaryPrimitives.WriteUInt64LittleEndian(span[8..], bundle.PipelineId);
        BinaryPrimitives.WriteUInt64LittleEndian(span[16..], bundle.RequestId);
        BinaryPrimitives.WriteUInt32LittleEndian(span[24..], bundle.StageIndex);
        var crc = Crc32C.Append(0xFFFFFFFF, span[..CrcOffset]);
        var offset = HeaderSize;
        for (var i = 0; i < bundle.Tensors.Count; i++)
        {
            var tensor = bundle.Tensors[i];
            var nameLength = nameLengths[i];
            BinaryPrimitives.WriteUInt16LittleEndian(span[offset..], (ushort)nameLength);
            StrictUtf8.GetBytes(tensor.Name, span.Slice(offset + 2, nameLength));
            var lengthOffset = AlignUp(offset + 2 + nameLength);
            span[(offset + 2 + nameLength)..lengthOffset].Clear();
            var frameLength = TensorFrameCodec.EncodedLength(tensor.Frame);
            BinaryPrimitives.WriteUInt64LittleEndian(span[lengthOffset..], (ulong)frameLength);
            crc = Crc32C.Append(crc, span[offset..(lengthOffset + 8)]);
            offset = lengthOffset + 8;
            TensorFrameCodec.Write(tensor.Frame, span.Slice(offset, frameLength));
            offset += frameLength;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(span[CrcOffset..], ~crc);
    }

    private static int AlignUp(int offset) => (offset + 7) & ~7;

    private static long AlignUp(long offset) => (offset + 7) & ~7L;

    private static string Ids(ulong pipeline, ulong request, uint stage) => $"pipeline {pipeline}, request {request}, stage {stage}";

    // Names go into error messages and logs: keep them short and free of control characters.
    private static string Quote(string name)
    {
        const int Shown = 80;
        var builder = new StringBuilder(Math.Min(name.Length, Shown) + 5).Append('\'');
        foreach (var c in name.Length > Shown ? name.AsSpan(0, Shown) : name.AsSpan())
        {
            builder.Append(char.IsControl(c) ? '?' : c);
        }

        return builder.Append(name.Length > Shown ? "...'" : "'").ToString();
    }

    private readonly record struct Entry(int NameOffset, int NameLength, int FrameOffset, int FrameLength);
}
