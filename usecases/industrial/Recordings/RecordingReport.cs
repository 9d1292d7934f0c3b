using System.Globalization;
using System.Text.Json;
using Vedliot.UseCases.Industrial.Model;
using Vedliot.UseCases.Industrial.Simulation;

namespace Vedliot.UseCases.Industrial.Recordings;

/// <summary>Classifies recordings (a WAV or CSV file, or a folder of them) window by window and reports per window and the majority per file.</summary>
internal static class RecordingReport
{
    /// <summary>Most recordings read from one folder.</summary>
    public const int MaxFiles = 1000;

    /// <summary>The recordings <paramref name="path"/> names: the file itself, or the folder's <c>*.wav</c> and <c>*.csv</c> files in name order.</summary>
    /// <exception cref="InvalidDataException">The folder holds none, or more than <see cref="MaxFiles"/>.</exception>
    public static IReadOnlyList<string> Files(string path)
    {
        if (!Directory.Exists(path))
        {
            return [path];
        }

        var files = Directory.EnumerateFiles(path).Where(f => VibrationRecording.Extensions.Contains(Path.GetExtension(f).ToLowerInvariant())).Order(StringComparer.Ordinal).Take(MaxFiles + 1).ToList();
        return files.Count == 0 ? throw new InvalidDataException($"{path}: the folder holds no *.wav or *.csv recordings")
            : files.Count > MaxFiles ? throw new InvalidDataException($"{path}: more than {MaxFiles} recordings; give a smaller folder")
            : files;
    }

    /// <summary>Classifies every recording and writes lines, or one JSON document.</summary>
    /// <exception cref="InvalidDataException">A recording is unreadable (the message names it); nothing is reported for the ones after it.</exception>
    public static async Task RunAsync(MotorConditionClient client, string path, double rpm, bool json, TextWriter output, CancellationToken cancellationToken)
    {
        var files = Files(path);
        var document = new List<object>();
        foreach (var file in files)
        {
            var windows = RecordingWindows.Cut(VibrationRecording.Read(file), file);
            var results = new List<WindowClassification>();
            foreach (var window in windows)
            {
                results.Add(await client.ClassifyAsync(window, (float)rpm, cancellationToken).ConfigureAwait(false));
            }

            var majority = results.GroupBy(r => r.Condition).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
            var seconds = (double)MotorModelDesign.WindowSamples / MotorModelDesign.SampleRateHz;
            if (json)
            {
                document.Add(new
                {
                    file,
                    rpm,
                    majority = majority.Name(),
                    windows = results.Select((r, i) => new { start_s = i * seconds, @class = r.Condition.Name(), scores = MotorConditions.All.ToDictionary(c => c.Name(), c => Math.Round(r.Scores[(int)c], 4)) }),
                });
                continue;
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"industrial app: {file} at {rpm:0} rpm, {results.Count} windows of {seconds:0.##} s"));
            for (var i = 0; i < results.Count; i++)
            {
                var scores = string.Join(" ", MotorConditions.All.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Name()}={results[i].Scores[(int)c]:0.000}")));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {i * seconds,7:0.00} s  {results[i].Condition.Name(),-12}  {scores}"));
            }

            output.WriteLine($"  majority: {majority.Name()} ({results.Count(r => r.Condition == majority)} of {results.Count} windows)");
        }

        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(new { recordings = document }));
        }
    }
}
