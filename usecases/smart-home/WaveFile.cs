using System.Buffers.Binary;
using System.Text;

namespace Vedliot.UseCases.SmartHome;

/// <summary>
/// Reads RIFF/WAVE files of linear PCM (8-bit unsigned, 16-, 24- or 32-bit signed) or IEEE float (32- or 64-bit)
/// samples, with any number of channels, plain or as WAVE_FORMAT_EXTENSIBLE. Channels are averaged to mono and the
/// samples scaled to int16 scale (−32768 … 32767). Anything else is refused with an <see cref="InvalidDataException"/>
/// that names the file.
/// </summary>
internal static class WaveFile
{
    private const ushort FormatPcm = 1;
    private const ushort FormatFloat = 3;
    private const ushort FormatExtensible = 0xFFFE;

    /// <summary>More channels than this is no recording of a room (WAVE_FORMAT_EXTENSIBLE's channel mask names 18).</summary>
    private const int MaximumChannels = 32;

    /// <summary>A data chunk length at or above this marks a stream written before its length was known (espeak-ng --stdout writes 0x7FFFF000).</summary>
    private const uint UnknownLengthMarker = 0x7FFF0000;

    // KSDATAFORMAT_SUBTYPE_PCM and KSDATAFORMAT_SUBTYPE_IEEE_FLOAT: the format tag in the GUID's first field.
    private static readonly Guid PcmSubFormat = new("00000001-0000-0010-8000-00aa00389b71");
    private static readonly Guid FloatSubFormat = new("00000003-0000-0010-8000-00aa00389b71");

    /// <summary>Decodes a WAV file's bytes into mono samples in int16 scale.</summary>
    /// <param name="bytes">The whole file.</param>
    /// <param name="path">The file's path, for error messages.</param>
    /// <returns>The samples (channels averaged; −32768 … 32767 for full scale) and the sample rate.</returns>
    /// <exception cref="InvalidDataException">The file is not RIFF/WAVE of a sample format listed above, or is truncated.</exception>
    public static (float[] Samples, int SampleRateHz) Decode(ReadOnlySpan<byte> bytes, string path)
    {
        if (bytes.Length < 12 || !bytes[..4].SequenceEqual("RIFF"u8) || !bytes[8..12].SequenceEqual("WAVE"u8))
        {
            throw Invalid(path, "not a RIFF/WAVE file (no 'RIFF' … 'WAVE' header)");
        }

        WaveFormat? format = null;
        var offset = 12;
        while (offset + 8 <= bytes.Length)
        {
            var id = bytes.Slice(offset, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(offset + 4)..]);
            var body = offset + 8;
            var remaining = bytes.Length - body;
            if (id.SequenceEqual("data"u8))
            {
                if (format is null)
                {
                    throw Invalid(path, "the 'data' chunk comes before any 'fmt ' chunk");
                }

                var length = size <= remaining ? (int)size
                    : size >= UnknownLengthMarker ? remaining
                    : throw Invalid(path, $"the 'data' chunk declares {size} bytes but only {remaining} follow (truncated)");
                if (length % format.BlockAlign != 0)
                {
                    throw Invalid(path, $"the 'data' chunk holds {length} bytes, not a whole number of {format.BlockAlign}-byte sample frames");
                }

                var samples = format.ToMono(bytes.Slice(body, length));
                var bad = Array.FindIndex(samples, s => !float.IsFinite(s));
                return bad < 0 ? (samples, format.SampleRateHz) : throw Invalid(path, $"sample frame {bad} is not a finite number");
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

    private static WaveFormat ReadFormat(ReadOnlySpan<byte> format, string path)
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
        if (tag == FormatExtensible && format.Length >= 40)
        {
            var subFormat = new Guid(format.Slice(24, 16));
            tag = subFormat == PcmSubFormat ? FormatPcm : subFormat == FloatSubFormat ? FormatFloat : tag;
        }

        var isFloat = tag == FormatFloat;
        if (tag is not (FormatPcm or FormatFloat))
        {
            throw Invalid(path, $"audio format 0x{tag:X4} is neither PCM nor IEEE float (compressed audio is not read)");
        }

        if (channels is 0 or > MaximumChannels)
        {
            throw Invalid(path, $"{channels} channels; 1 to {MaximumChannels} are read");
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

        return new WaveFormat(isFloat, channels, bits / 8, blockAlign, (int)sampleRate);
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

    /// <summary>A validated 'fmt ' chunk.</summary>
    private sealed record WaveFormat(bool IsFloat, int Channels, int BytesPerSample, int BlockAlign, int SampleRateHz)
    {
        /// <summary>The sample frames in <paramref name="data"/>, channels averaged, in int16 scale.</summary>
        public float[] ToMono(ReadOnlySpan<byte> data)
        {
            var mono = new float[data.Length / BlockAlign];
            for (var i = 0; i < mono.Length; i++)
            {
                var frame = data.Slice(i * BlockAlign, BlockAlign);
                double sum = 0;
                for (var c = 0; c < Channels; c++)
                {
                    sum += Sample(frame.Slice(c * BytesPerSample, BytesPerSample));
                }

                mono[i] = (float)(sum / Channels);
            }

            return mono;
        }

        /// <summary>One sample in int16 scale: integers keep their top 16 bits' scale, floats of ±1 become ±32768.</summary>
        private double Sample(ReadOnlySpan<byte> sample) => (IsFloat, BytesPerSample) switch
        {
            (true, 4) => BinaryPrimitives.ReadSingleLittleEndian(sample) * 32768.0,
            (true, _) => BinaryPrimitives.ReadDoubleLittleEndian(sample) * 32768.0,
            (false, 1) => (sample[0] - 128) * 256.0, // 8-bit WAV samples are unsigned
            (false, 2) => BinaryPrimitives.ReadInt16LittleEndian(sample),
            (false, 3) => ((sample[2] << 24) | (sample[1] << 16) | (sample[0] << 8)) / 65536.0,
            _ => BinaryPrimitives.ReadInt32LittleEndian(sample) / 65536.0,
        };
    }
}
