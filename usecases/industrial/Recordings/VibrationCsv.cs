using System.Globalization;

namespace Vedliot.UseCases.Industrial.Recordings;

/// <summary>
/// Reads a vibration recording as CSV: rows <c>t,ax</c> or <c>t,ax,ay,az</c> (seconds, g), an optional header
/// row, evenly spaced times (within 1 %). Anything else is refused with an <see cref="InvalidDataException"/> naming the
/// file, the line and the reason.
/// </summary>
internal static class VibrationCsv
{
    /// <summary>Most bytes read from one file (64 MiB).</summary>
    public const long MaxBytes = 64L << 20;

    /// <summary>Lowest sample rate accepted, Hz (the model reads up to 1.8 kHz).</summary>
    public const int MinSampleRateHz = 4000;

    /// <summary>Highest sample rate accepted, Hz.</summary>
    public const int MaxSampleRateHz = 100_000;

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is too large, malformed, unevenly sampled or sampled below <see cref="MinSampleRateHz"/>.</exception>
    public static AccelerationTrace Read(string path)
    {
        var length = new FileInfo(path).Length;
        if (length > MaxBytes)
        {
            throw new InvalidDataException($"{path}: {length} bytes; a recording is read up to {MaxBytes} bytes");
        }

        var times = new List<double>();
        var axes = new List<float>[] { [], [], [] };
        int? columns = null;
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Length == 0 || (lineNumber == 1 && line.Length > 0 && char.IsLetter(line.TrimStart()[0])))
            {
                continue;
            }

            var fields = line.Split(',');
            if (fields.Length is not (2 or 4) || (columns is { } c && c != fields.Length))
            {
                throw new InvalidDataException($"{path}:{lineNumber}: {fields.Length} fields; every row is t,ax or t,ax,ay,az{(columns is null ? string.Empty : $" like the first ({columns} fields)")}");
            }

            columns = fields.Length;
            var values = new double[fields.Length];
            for (var i = 0; i < fields.Length; i++)
            {
                if (!double.TryParse(fields[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
                {
                    throw new InvalidDataException($"{path}:{lineNumber}: field {i + 1} '{fields[i]}' is not a finite number");
                }
            }

            times.Add(values[0]);
            for (var i = 1; i < values.Length; i++)
            {
                axes[i - 1].Add((float)values[i]);
            }
        }

        if (times.Count < 2)
        {
            throw new InvalidDataException($"{path}: {times.Count} rows of samples; a recording needs at least two");
        }

        var step = (times[^1] - times[0]) / (times.Count - 1);
        if (!(step > 0))
        {
            throw new InvalidDataException($"{path}: times do not increase ({times[0]} s … {times[^1]} s)");
        }

        for (var i = 1; i < times.Count; i++)
        {
            if (Math.Abs(times[i] - times[i - 1] - step) > 0.01 * step)
            {
                throw new InvalidDataException($"{path}: row {i + 1} of samples is {times[i] - times[i - 1]:G6} s after the one before; samples must be evenly spaced ({step:G6} s, within 1 %)");
            }
        }

        var rate = 1 / step;
        if (rate < MinSampleRateHz || rate > MaxSampleRateHz)
        {
            throw new InvalidDataException($"{path}: sampled at {rate:0.#} Hz; recordings are read at {MinSampleRateHz}–{MaxSampleRateHz} Hz");
        }

        return new AccelerationTrace((int)Math.Round(rate), [.. axes[0]], columns == 4 ? [.. axes[1]] : null, columns == 4 ? [.. axes[2]] : null);
    }
}
