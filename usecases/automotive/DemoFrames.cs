using Vedliot.UseCases.Automotive.Rendering;

namespace Vedliot.UseCases.Automotive;

/// <summary>
/// The frames of <c>vedliot demo automotive</c> without <c>--frames</c>, rendered fresh with ImageMagick: a 100 sign
/// (the demo's 70 km/h is within it), a number plate, a street name, then a 50 sign (70 km/h is over it: the warning).
/// </summary>
public static class DemoFrames
{
    /// <summary>What is drawn, in driving order.</summary>
    public static IReadOnlyList<SignSpec> Signs { get; } =
    [
        new(SignKind.SpeedLimit, "100"),
        new(SignKind.NumberPlate, "KA-VL 2026"),
        new(SignKind.StreetName, "Bahnhofstrasse"),
        new(SignKind.SpeedLimit, "50"),
    ];

    /// <summary>Renders <see cref="Signs"/> into <paramref name="directory"/>.</summary>
    /// <param name="directory">An existing folder.</param>
    /// <param name="cancellationToken">Stops rendering.</param>
    /// <returns>The frames' paths, in order.</returns>
    /// <exception cref="InvalidOperationException">ImageMagick is missing or failed.</exception>
    public static async Task<IReadOnlyList<string>> RenderAsync(string directory, CancellationToken cancellationToken = default)
    {
        var renderer = new SignRenderer();
        var paths = new List<string>();
        for (var i = 0; i < Signs.Count; i++)
        {
            var sign = await renderer.RenderAsync(Signs[i], SignVariant.Clean, directory, $"frame-{i + 1}-{Signs[i].Kind}", cancellationToken).ConfigureAwait(false);
            paths.Add(sign.FramePath);
        }

        return paths;
    }
}
