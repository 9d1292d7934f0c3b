using System.Globalization;
using System.Text.Json;
using Vedliot.UseCases.Automotive.Vss;

namespace Vedliot.UseCases.Automotive;

/// <summary>What <c>vedliot demo automotive</c> prints: a line per frame and text, or with <c>--json</c> one JSON document at the end.</summary>
/// <param name="output">Where lines go.</param>
/// <param name="json">One JSON document instead of lines.</param>
internal sealed class DemoReport(TextWriter output, bool json)
{
    private readonly List<(string File, FrameResult? Result, string? Error)> _frames = [];
    private readonly List<OverSpeedWarning> _warnings = [];
    private readonly Lock _gate = new();

    /// <summary>A line of progress (not in JSON mode).</summary>
    public void Say(string line)
    {
        if (!json)
        {
            output.WriteLine(line);
        }
    }

    /// <summary>A frame was read.</summary>
    public void Frame(string file, FrameResult result)
    {
        lock (_gate)
        {
            _frames.Add((file, result, null));
        }

        Say($"  {Path.GetFileName(file)} ({result.Width}×{result.Height}): {(result.Readings.Count == 0 ? "no text found" : string.Join("; ", result.Readings.Select(r => string.Create(CultureInfo.InvariantCulture, $"\"{r.Text}\" {r.Confidence:0.00}"))))}{(result.SpeedLimitKmh is { } kmh ? $" → SpeedLimit {kmh} km/h" : "")}");
    }

    /// <summary>A frame could not be read.</summary>
    public void Failed(string file, string error)
    {
        lock (_gate)
        {
            _frames.Add((file, null, error));
        }

        // Errors are shown in JSON mode too, in the document and here: they name the file.
        output.WriteLine($"  error: {error}");
    }

    /// <summary>The over-speed state changed.</summary>
    public void Warning(OverSpeedWarning warning)
    {
        lock (_gate)
        {
            _warnings.Add(warning);
        }

        Say(warning.State == OverSpeedState.OverSpeed
            ? string.Create(CultureInfo.InvariantCulture, $"  OVER-SPEED WARNING: Vehicle.Speed {warning.SpeedKmh:0.#} km/h > SpeedLimit {warning.LimitKmh} km/h (published {VssSignals.IsWarning} = true)")
            : string.Create(CultureInfo.InvariantCulture, $"  within the limit: Vehicle.Speed {warning.SpeedKmh:0.#} km/h ≤ SpeedLimit {warning.LimitKmh} km/h ({VssSignals.IsWarning} = false)"));
    }

    /// <summary>Frames that failed.</summary>
    public int Failures => _frames.Count(f => f.Error is not null);

    /// <summary>In JSON mode, the document: per frame its file and texts (box corners, confidence), the warnings and the rates.</summary>
    public void Finish(double deployedFramesPerSecond, double inProcessFramesPerSecond)
    {
        if (!json)
        {
            return;
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("frames");
            foreach (var (file, result, error) in _frames)
            {
                writer.WriteStartObject();
                writer.WriteString("file", file);
                if (error is not null)
                {
                    writer.WriteString("error", error);
                }

                writer.WriteStartArray("texts");
                foreach (var reading in result?.Readings ?? [])
                {
                    writer.WriteStartObject();
                    writer.WriteString("text", reading.Text);
                    writer.WriteNumber("confidence", Math.Round(reading.Confidence, 4));
                    writer.WriteStartArray("box");
                    foreach (var corner in reading.Box.Corners)
                    {
                        writer.WriteStartArray();
                        writer.WriteNumberValue(corner.X);
                        writer.WriteNumberValue(corner.Y);
                        writer.WriteEndArray();
                    }

                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                if (result?.SpeedLimitKmh is { } kmh)
                {
                    writer.WriteNumber("speedLimitKmh", kmh);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("overSpeed");
            foreach (var warning in _warnings)
            {
                writer.WriteStartObject();
                writer.WriteBoolean("isOverSpeed", warning.State == OverSpeedState.OverSpeed);
                writer.WriteNumber("speedKmh", warning.SpeedKmh ?? 0);
                writer.WriteNumber("speedLimitKmh", warning.LimitKmh ?? 0);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteNumber("framesPerSecondDeployed", Math.Round(deployedFramesPerSecond, 3));
            writer.WriteNumber("framesPerSecondInProcess", Math.Round(inProcessFramesPerSecond, 3));
            writer.WriteEndObject();
        }

        // One line, so that it stands apart from the platform's own lines around it.
        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
