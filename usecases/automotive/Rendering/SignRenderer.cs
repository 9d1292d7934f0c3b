using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Vedliot.UseCases.Automotive.Frames;

namespace Vedliot.UseCases.Automotive.Rendering;

/// <summary>
/// Draws road signs, number plates and street-name signs with ImageMagick's <c>convert</c> in DejaVu Sans Bold, on a
/// grey-green roadside background, and the same text alone on white, whose ink gives the text's true bounds. Used
/// by the demo for its frames and by the quality tests for their test set; every frame is drawn fresh.
/// </summary>
/// <param name="command">ImageMagick's convert (default <c>convert</c> on the PATH).</param>
/// <param name="timeout">Longest a single convert run may take.</param>
public sealed class SignRenderer(string command = "convert", TimeSpan? timeout = null)
{
    private const string Font = "DejaVu-Sans-Bold";
    private const string Background = "#7d8c6e";
    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromSeconds(60);

    /// <summary>Renders <paramref name="spec"/> as <paramref name="variant"/> into <paramref name="directory"/>.</summary>
    /// <param name="spec">The sign.</param>
    /// <param name="variant">The degradation.</param>
    /// <param name="directory">Where the frame (and its mask, removed afterwards) are written; must exist.</param>
    /// <param name="fileStem">The frame's file name without extension.</param>
    /// <param name="cancellationToken">Stops a running convert.</param>
    /// <returns>The frame and the text's bounds.</returns>
    /// <exception cref="InvalidOperationException">convert is missing or failed (the message says how to install it).</exception>
    public async Task<RenderedSign> RenderAsync(SignSpec spec, SignVariant variant, string directory, string fileStem, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var frame = Path.Combine(directory, fileStem + (variant == SignVariant.JpegCompressed ? ".jpg" : ".png"));
        var mask = Path.Combine(directory, fileStem + ".mask.png");
        var (scene, text) = Drawing(spec);
        await RunAsync([.. scene, .. Degradation(variant, Background), frame], cancellationToken).ConfigureAwait(false);
        await RunAsync([.. text, .. Geometry(variant, "white"), mask], cancellationToken).ConfigureAwait(false);
        try
        {
            var image = new ImageFileDecoder(new FrameLimits()).DecodeFile(mask);
            return new RenderedSign(spec, variant, frame, InkBounds(image.Width, image.Height, image.Pixels));
        }
        finally
        {
            File.Delete(mask);
        }
    }

    /// <summary>The convert arguments of the scene and of the text alone (same canvas, same text placement).</summary>
    private static (string[] Scene, string[] Text) Drawing(SignSpec spec)
    {
        var (width, height, pointSize) = spec.Kind switch
        {
            SignKind.SpeedLimit => (360, 300, spec.Text.Length > 2 ? 64 : 84),
            SignKind.NumberPlate => (Math.Max(360, (spec.Text.Length * 40) + 80), 180, 56),
            _ => (Math.Max(360, (spec.Text.Length * 34) + 100), 200, 52),
        };
        string[] canvas = ["-size", $"{width}x{height}"];
        var (cx, cy) = (width / 2, height / 2);
        string[] sign = spec.Kind switch
        {
            SignKind.SpeedLimit => ["-fill", "white", "-stroke", "#c8102e", "-strokewidth", "22", "-draw", $"circle {cx},{cy} {cx},{cy - 118}"],
            SignKind.NumberPlate => ["-fill", "white", "-stroke", "black", "-strokewidth", "5", "-draw", $"roundrectangle 30,40 {width - 30},{height - 40} 10,10"],
            _ => ["-fill", "#1f4e9c", "-stroke", "white", "-strokewidth", "5", "-draw", $"roundrectangle 30,40 {width - 30},{height - 40} 12,12"],
        };
        var ink = spec.Kind == SignKind.StreetName ? "white" : "black";
        string[] text = ["-stroke", "none", "-font", Font, "-pointsize", pointSize.ToString(CultureInfo.InvariantCulture), "-gravity", "center", "-annotate", "+0+0", spec.Text];
        return (
            [.. canvas, $"xc:{Background}", .. sign, "-fill", ink, .. text],
            [.. canvas, "xc:white", "-fill", "black", .. text]);
    }

    /// <summary>The steps after drawing: geometry (applied to the mask too), then what only the camera sees.</summary>
    private static string[] Degradation(SignVariant variant, string background) => variant switch
    {
        SignVariant.Blurred => ["-blur", "0x1.5"],
        SignVariant.Noisy => ["-seed", "7", "-attenuate", "0.6", "+noise", "Gaussian"],
        SignVariant.JpegCompressed => ["-quality", "15"],
        _ => Geometry(variant, background),
    };

    private static string[] Geometry(SignVariant variant, string background) => variant switch
    {
        SignVariant.Scaled => ["-resize", "60%"],
        SignVariant.Rotated => ["-background", background, "-rotate", "4"],
        _ => [],
    };

    /// <summary>Bounds of the dark pixels (below mid-grey) of a black-on-white mask.</summary>
    private static (int Left, int Top, int Right, int Bottom) InkBounds(int width, int height, byte[] pixels)
    {
        var (left, top, right, bottom) = (width, height, -1, -1);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                if (pixels[((y * width) + x) * 3] < 128)
                {
                    (left, top, right, bottom) = (Math.Min(left, x), Math.Min(top, y), Math.Max(right, x), Math.Max(bottom, y));
                }
            }
        }

        return right < 0 ? throw new InvalidOperationException("the rendered text left no ink") : (left, top, right + 1, bottom + 1);
    }

    private async Task RunAsync(string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"'{command}' did not start");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"'{command}' could not be run ({e.Message}); install ImageMagick and fonts-dejavu-core with ./eng/bootstrap.sh", e);
        }

        using (process)
        using (var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            limit.CancelAfter(_timeout);
            var stderr = process.StandardError.ReadToEndAsync(limit.Token);
            var stdout = process.StandardOutput.ReadToEndAsync(limit.Token);
            try
            {
                await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                if (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }

                throw new InvalidOperationException($"'{command}' took longer than {_timeout.TotalSeconds} s and was stopped");
            }

            var said = $"{await stderr.ConfigureAwait(false)} {await stdout.ConfigureAwait(false)}".Trim();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"'{command} {string.Join(' ', arguments)}' exited with code {process.ExitCode}: {(said.Length > 0 ? said : "it said nothing")}; install ImageMagick and fonts-dejavu-core with ./eng/bootstrap.sh");
            }
        }
    }
}
