using System.Buffers.Binary;
using System.Text;

namespace Vedliot.Signals;

/// <summary>
/// Reads RIFF/WAVE files: linear PCM (format tag 1; 8-bit unsigned, 16-, 24- or 32-bit signed) or IEEE float (tag 3;
/// 32- or 64-bit), also as WAVE_FORMAT_EXTENSIBLE with either sub-format, in 1–32 channels. Anything else, and a
/// sample that is not a finite number, is refused with an <see cref="InvalidDataException"/> that names the file.
/// </summary>
public static class WaveFile
{
    /// <summary>Most channels read (WAVE_FORMAT_EXTENSIBLE's channel mask names 18).</summary>
    public const int MaxChannels = 32;

    private const ushort FormatPcm = 1;
    private const ushort FormatFloat = 3;
    private const ushort FormatExtensible = 0xFFFE;

    /// <summary>A data chunk length at or above this marks a stream written before its length was known (espeak-ng --stdout writes 0x7FFFF000).</summary>
    private const uint UnknownLengthMarker = 0x7FFF0000;

    // KSDATAFORMAT_SUBTYPE_PCM and _IEEE_FLOAT: 0000000{1,3}-0000-0010-8000-00aa00389b71.
    private static readonly Guid PcmSubFormat = new("00000001-0000-0010-8000-00aa00389b71");
    private static readonly Guid FloatSubFormat = new("00000003-0000-0010-8000-00aa00389b71");

    private readonly record struct Format(int SampleRateHz, int Channels, int Bits, bool IsFloat);

    /// <summary>Decodes a WAV file's bytes.</summary>
    /// <param name="bytes">The whole file.</param>
    /// <param name="path">The file's path, for error messages.</param>
    /// <returns>The samples per channel as fractions of full scale, and the format.</returns>
    /// <exception cref="InvalidDataException">The file is not RIFF/WAVE in a format read here, or is truncated.</exception>
    public static WaveAudio Decode(ReadOnlySpan<byte> bytes, string path)
    {
        if (bytes.Length < 12 || !bytes[..4].SequenceEqual("RIFF"u8) || !bytes[8..12].SequenceEqual("WAVE"u8))
        {
            throw Invalid(path, "not a RIFF/WAVE file (no 'RIFF' … 'WAVE' header)");
        }

        Format? format = null;
        var offset = 12;
        while (offset + 8 <= bytes.Length)
        {
            var id = bytes.Slice(offset, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(offset + 4)..]);
            var body = offset + 8;
            var remaining = bytes.Length - body;
            if (id.SequenceEqual("data"u8))
            {
                if (format is not { } f)
                {
                    throw Invalid(path, "the 'data' chunk comes before any 'fmt ' chunk");
                }

                var length = size <= remaining ? (int)size
                    : size >= UnknownLengthMarker ? remaining
                    : throw Invalid(path, $"the 'data' chunk declares {size} bytes but only {remaining} follow (truncated)");
                var frameBytes = f.Channels * f.Bits / 8;
                if (length % frameBytes != 0)
                {
                    throw Invalid(path, $"the 'data' chunk holds {length} bytes, not a whole number of {frameBytes}-byte sample frames");
                }

                var channels = Samples(bytes.Slice(body, length), f);
                var bad = FirstNonFinite(channels);
                return bad < 0 ? new WaveAudio(f.SampleRateHz, f.Bits, f.IsFloat, channels) : throw Invalid(path, $"sample frame {bad} is not a finite number");
            }

            if (size > remaining)
            {
                throw Invalid(path, $"the '{Name(id)}' chunk declares {size} bytes but only {remaining} follow (truncated)");
            }

            if (id.SequenceEqual("fmt "u8))
            {
                format = ReadFormat(bytes.Slice(body, (int)size), path);
            }

            // Chunks are padded to an even length.
            offset = body + (int)size + (int)(size & 1);
        }

        throw Invalid(path, format is null ? "no 'fmt ' chunk" : "no 'data' chunk");
    }

    private static float[][] Samples(ReadOnlySpan<byte> data, Format format)
    {
        var bytesPerSample = format.Bits / 8;
        var frames = data.Length / (bytesPerSample * format.Channels);
        var channels = new float[format.Channels][];
        for (var c = 0; c < format.Channels; c++)
        {
            channels[c] = new float[frames];
        }

        for (var i = 0; i < frames; i++)
        {
            for (var c = 0; c < format.Channels; c++)
            {
                var at = data[(((i * format.Channels) + c) * bytesPerSample)..];
                channels[c][i] = (format.IsFloat, format.Bits) switch
                {
                    (true, 32) => BinaryPrimitives.ReadSingleLittleEndian(at),
                    (true, _) => (float)BinaryPrimitives.ReadDoubleLittleEndian(at),
                    (false, 8) => (at[0] - 128) / 128f, // 8-bit WAV samples are unsigned
                    (false, 16) => BinaryPrimitives.ReadInt16LittleEndian(at) / 32768f,
                    (false, 24) => ((at[0] | (at[1] << 8) | ((sbyte)at[2] << 16)) / 8388608f),
                    _ => (float)(BinaryPrimitives.ReadInt32LittleEndian(at) / 2147483648.0),
                };
            }
        }

        return channels;
    }

    private static int FirstNonFinite(float[][] channels)
    {
        var first = -1;
        foreach (var channel in channels)
        {
            var bad = Array.FindIndex(channel, s => !float.IsFinite(s));
            first = bad >= 0 && (first < 0 || bad < first) ? bad : first;
        }

        return first;
    }

    private static Format ReadFormat(ReadOnlySpan<byte> format, string path)
    {
        if (format.Length < 16)
        {
            throw Invalid(path, $"the 'fmt ' chunk holds {format.Length} bytes, fewer than the 16 of a PCM format");
        }

        var tag = BinaryPrimitives.ReadUInt16LittleEndian(format);
        var channels = BinaryPrimitives.ReadUInt16LittleEndian(format[2..]);
        var sampleRate = BinaryPrimitives.ReadUInt32LittleEndian(format[4..]);
        var blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(format[12..]);
        var bits = BinaryPrimitives.ReadUInt16LittleEndian(format[14..]);
        var subFormat = tag == FormatExtensible && format.Length >= 40 ? new Guid(format.Slice(24, 16)) : (Guid?)null;
        var isPcm = tag == FormatPcm || subFormat == PcmSubFormat;
        var isFloat = tag == FormatFloat || subFormat == FloatSubFormat;
        if (!isPcm && !isFloat)
        {
            throw Invalid(path, $"audio format 0x{tag:X4} is neither PCM nor IEEE float (compressed audio is not read)");
        }

        if (channels is 0 or > MaxChannels)
        {
            throw Invalid(path, $"{channels} channels; 1 to {MaxChannels} are read");
        }

        if (isFloat ? bits is not (32 or 64) : bits is not (8 or 16 or 24 or 32))
        {
            throw Invalid(path, $"{bits}-bit {(isFloat ? "float" : "PCM")} samples; {(isFloat ? "32- or 64-bit float" : "8-, 16-, 24- or 32-bit PCM")} is read");
        }

        if (blockAlign != channels * bits / 8)
        {
            throw Invalid(path, $"{blockAlign}-byte sample frames for {channels} channels of {bits} bits; expected {channels * bits / 8}");
        }

        if (sampleRate is 0 or > int.MaxValue)
        {
            throw Invalid(path, $"sample rate {sampleRate} Hz is not valid");
        }

        return new Format((int)sampleRate, channels, bits, isFloat);
    }

    private static string Name(ReadOnlySpan<byte> id)
    {
        var text = new StringBuilder(4);
        foreach (var b in id)
        {
            text.Append(b is >= 0x20 and < 0x7F ? (char)b : '?');
        }

        return text.ToString();
    }

    private static InvalidDataException Invalid(string path, string problem) => new($"{path}: {problem}.");
}
