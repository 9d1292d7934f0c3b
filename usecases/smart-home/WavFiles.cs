namespace Vedliot.UseCases.SmartHome;

/// <summary>The WAV files a path names: the file itself, or the <c>*.wav</c> files directly in a folder, by name; with limits, since they come from outside.</summary>
public static class WavFiles
{
    /// <summary>Most files taken from one folder.</summary>
    public const int MaxFiles = 1000;

    /// <summary>Most bytes of all files together (1 GiB: the samples are held in memory at 16 kHz).</summary>
    public const long MaxTotalBytes = 1L << 30;

    /// <summary>The files <paramref name="path"/> names.</summary>
    /// <param name="path">A WAV file, or a folder holding WAV files (not searched below).</param>
    /// <returns>The file's path, or the folder's <c>*.wav</c> files (any case) ordered by name.</returns>
    /// <exception cref="FileNotFoundException">Neither a file nor a folder is there, or the folder holds no WAV file.</exception>
    /// <exception cref="InvalidDataException">The folder holds more than <see cref="MaxFiles"/> WAV files, or the files more than <see cref="MaxTotalBytes"/> in all.</exception>
    public static IReadOnlyList<string> Find(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (File.Exists(path))
        {
            return [path];
        }

        if (!Directory.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such file or folder.", path);
        }

        var files = Directory.EnumerateFiles(path)
            .Where(f => f.EndsWith(".wav", StringComparison.OrdinalIgnoreCase))
            .Take(MaxFiles + 1)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            throw new FileNotFoundException($"{path}: the folder holds no .wav file.", path);
        }

        if (files.Count > MaxFiles)
        {
            throw new InvalidDataException($"{path}: the folder holds more than {MaxFiles} .wav files; give fewer at a time.");
        }

        var total = files.Sum(f => new FileInfo(f).Length);
        return total <= MaxTotalBytes ? files
            : throw new InvalidDataException($"{path}: its .wav files hold {total} bytes, more than the {MaxTotalBytes} taken at a time.");
    }

    /// <summary>Reads a WAV file (see <see cref="SpeechSample.ReadWavAsync"/>) and brings it to the models' 16 kHz.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The file's audio at <see cref="WakeWordFeatures.SampleRateHz"/>, mono.</returns>
    /// <exception cref="InvalidDataException">The file is too large, not a WAV file of a format read, or truncated; the message names it.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static async Task<SpeechSample> LoadAsync(string path, CancellationToken cancellationToken = default) =>
        (await SpeechSample.ReadWavAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false)).Resample(WakeWordFeatures.SampleRateHz);
}
