using System.Buffers.Binary;
using System.Text;

namespace Vedliot.UseCases.SmartHome;

/// <summary>
/// Reads RIFF/WAVE files holding 16-bit PCM mono audio (format tag 1, or WAVE_FORMAT_EXTENSIBLE with
/// the PCM sub-format), the kind espeak-ng writes. Anything else is refused with an
/// <see cref="InvalidDataException"/> that names the file.
/// </summary>
internal static class WaveFile
{
    private const ushort FormatPcm = 1;
    private const ushort FormatExtensible = 0xFFFE;

    /// <summary>A data chunk length at or above this marks a stream written before its length was known (espeak-ng --stdout writes 0x7FFFF000).</summary>
    private const uint UnknownLengthMarker = 0x7FFF0000;

    // KSDATAFORMAT_SUBTYPE_PCM: 00000001-0000-0010-8000-00aa00389b71.
    private static readonly Guid PcmSubFormat = new("00000001-0000-0010-8000-00aa00389b71");

    /// <summary>Decodes a WAV file's bytes into samples in int16 scale.</summary>
    /// <param name="bytes">The whole file.</param>
    /// <param name="path">The file's path, for error messages.</param>
    /// <returns>The samples (−32768 … 32767) and the sample rate.</returns>
    /// <exception cref="InvalidDataException">The file is not 16-bit PCM mono RIFF/WAVE, or is truncated.</exception>
    public static (float[] Samples, int SampleRateHz) DecodePcm16Mono(ReadOnlySpan<byte> bytes, string path)
    {
        if (bytes.Length < 12 || !bytes[..4].SequenceEqual("RIFF"u8) || !bytes[8..12].SequenceEqual("WAVE"u8))
        {
            throw Invalid(path, "not a RIFF/WAVE file (no 'RIFF' … 'WAVE' header)");
        }

        int? sampleRate = null;
        var offset = 12;
        while (offset + 8 <= bytes.Length)
        {
            var id = bytes.Slice(offset, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(offset + 4)..]);
            var body = offset + 8;
            var remaining = bytes.Length - body;
            if (id.SequenceEqual("data"u8))
            {
                if (sampleRate is null)
                {
                    throw Invalid(path, "the 'data' chunk comes before any 'fmt ' chunk");
                }

                var length = size <= remaining ? (int)size
                    : size >= UnknownLengthMarker ? remaining
                    : throw Invalid(path, $"the 'data' chunk declares {size} bytes but only {remaining} follow (truncated)");
                if (length % 2 != 0)
                {
                    throw Invalid(path, $"the 'data' chunk holds {length} bytes, not a whole number of 16-bit samples");
                }

                var samples = new float[length / 2];
                var data = bytes.Slice(body, length);
                for (var i = 0; i < samples.Length; i++)
                {
                    samples[i] = BinaryPrimitives.ReadInt16LittleEndian(data[(2 * i)..]);
                }

                return (samples, sampleRate.Value);
            }

            if (size > remaining)
            {
                throw Invalid(path, $"the '{Name(id)}' chunk declares {size} bytes but only {remaining} follow (truncated)");
            }

            if (id.SequenceEqual("fmt "u8))
            {
                sampleRate = ReadFormat(bytes.Slice(body, (int)size), path);
            }

            // Chunks are padded to an even length.
            offset = body + (int)size + (int)(size & 1);
        }

        throw Invalid(path, sampleRate is null ? "no 'fmt ' chunk" : "no 'data' chunk");
    }

    private static int ReadFormat(ReadOnlySpan<byte> format, string path)
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
        var isPcm = tag == FormatPcm
            || (tag == FormatExtensible && format.Length >= 40 && new Guid(format.Slice(24, 16)) == PcmSubFormat);
        if (!isPcm)
        {
            throw Invalid(path, $"audio format 0x{tag:X4} is not PCM (only 16-bit PCM mono is read)");
        }

        if (channels != 1)
        {
            throw Invalid(path, $"{channels} channels; only mono is read");
        }

        if (bits != 16 || blockAlign != 2)
        {
            throw Invalid(path, $"{bits}-bit samples in {blockAlign}-byte blocks; only 16-bit PCM is read");
        }

        if (sampleRate is 0 or > int.MaxValue)
        {
            throw Invalid(path, $"sample rate {sampleRate} Hz is not valid");
        }

        return (int)sampleRate;
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
