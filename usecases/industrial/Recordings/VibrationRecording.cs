using Vedliot.Signals;

namespace Vedliot.UseCases.Industrial.Recordings;

/// <summary>
/// Reads a vibration recording by its extension: <c>.wav</c> (mono, or three channels X, Y, Z; acceleration in g,
/// float as stored and integer PCM with full scale = 1 g) or <c>.csv</c> (<see cref="VibrationCsv"/>), at 4–100 kHz and
/// at most <see cref="VibrationCsv.MaxBytes"/> bytes.
/// </summary>
internal static class VibrationRecording
{
    /// <summary>The extensions read, as a folder is searched for them.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".csv", ".wav"];

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is too large, of another kind, malformed or sampled outside the rates read; the message names it.</exception>
    public static AccelerationTrace Read(string path)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension == ".csv")
        {
            return VibrationCsv.Read(path);
        }

        if (extension != ".wav")
        {
            throw new InvalidDataException($"{path}: recordings are .wav or .csv files, not '{extension}'");
        }

        var length = new FileInfo(path).Length;
        if (length > VibrationCsv.MaxBytes)
        {
            throw new InvalidDataException($"{path}: {length} bytes; a recording is read up to {VibrationCsv.MaxBytes} bytes");
        }

        var audio = WaveFile.Decode(File.ReadAllBytes(path), path);
        if (audio.Channels.Count is not (1 or 3))
        {
            throw new InvalidDataException($"{path}: {audio.Channels.Count} channels; a vibration WAV holds 1 (radial) or 3 (X, Y radial, Z axial)");
        }

        if (audio.SampleRateHz is < VibrationCsv.MinSampleRateHz or > VibrationCsv.MaxSampleRateHz)
        {
            throw new InvalidDataException($"{path}: sampled at {audio.SampleRateHz} Hz; recordings are read at {VibrationCsv.MinSampleRateHz}–{VibrationCsv.MaxSampleRateHz} Hz");
        }

        var c = audio.Channels;
        return c.Count == 3 ? new AccelerationTrace(audio.SampleRateHz, c[0], c[1], c[2]) : new AccelerationTrace(audio.SampleRateHz, c[0]);
    }
}
