using System.Globalization;
using Vedliot.Pipelines.Apps;

namespace Vedliot.UseCases.Automotive;

/// <summary>The automotive demo's own arguments.</summary>
/// <param name="Frames">A PNG/JPEG file or a folder of them; null for the demo's rendered frames.</param>
/// <param name="Json">Print one JSON document instead of lines.</param>
/// <param name="SpeedKmh">The vehicle speed the demo publishes on <c>Vehicle.Speed</c>, km/h.</param>
/// <param name="Camera">A V4L2 device to capture frames from instead, e.g. /dev/video0.</param>
public sealed record AutomotiveDemoArguments(string? Frames, bool Json, double SpeedKmh, string? Camera = null)
{
    /// <summary>The speed published without <c>--speed</c>: above the rendered 50 sign, below the 100 one.</summary>
    public const double DefaultSpeedKmh = 70;

    /// <summary>Highest speed taken.</summary>
    public const double MaxSpeedKmh = 400;

    /// <summary>The usage line.</summary>
    public const string Usage = "--frames PATH: a PNG/JPEG file or a folder of them (default: rendered signs); --camera DEVICE: 5 frames from a V4L2 camera instead; --json: one JSON document; --speed KMH: the Vehicle.Speed published (0–400, default 70)";

    /// <summary>Reads the arguments.</summary>
    /// <param name="arguments">What followed the use case.</param>
    /// <exception cref="UseCaseArgumentException">An argument is unknown, lacks its value or is out of range.</exception>
    public static AutomotiveDemoArguments Parse(IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var parsed = new AutomotiveDemoArguments(null, false, DefaultSpeedKmh);
        for (var i = 0; i < arguments.Count; i++)
        {
            var (name, inline) = arguments[i].Split('=', 2) is [var n, var v] && n.StartsWith("--", StringComparison.Ordinal) ? (n, v) : (arguments[i], null);
            string Value() => inline ?? (i + 1 < arguments.Count ? arguments[++i] : throw new UseCaseArgumentException($"{name}: expected a value"));
            parsed = name switch
            {
                "--json" when inline is null => parsed with { Json = true },
                "--frames" => parsed with { Frames = Value() is { Length: > 0 } path ? path : throw new UseCaseArgumentException("--frames: expected a file or folder") },
                "--speed" => parsed with { SpeedKmh = Speed(Value()) },
                "--camera" => parsed with { Camera = Value() is { Length: > 0 } device ? device : throw new UseCaseArgumentException("--camera: expected a device such as /dev/video0") },
                _ => throw new UseCaseArgumentException($"unknown argument '{arguments[i]}'; the automotive app takes {Usage}"),
            };
        }

        return parsed is { Frames: not null, Camera: not null } ? throw new UseCaseArgumentException("--frames and --camera: give one source of frames") : parsed;
    }

    private static double Speed(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var kmh) && kmh is >= 0 and <= MaxSpeedKmh
            ? kmh
            : throw new UseCaseArgumentException($"--speed '{text}': expected km/h from 0 to {MaxSpeedKmh}");
}
