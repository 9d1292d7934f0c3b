using System.Diagnostics;
using System.Globalization;
using SkiaSharp;
using StbImageSharp;
using Vedliot.UseCases.Automotive.Frames;
using Vedliot.UseCases.Automotive.Rendering;

namespace Vedliot.Benchmarks;

/// <summary>
/// Issue 16's decoder choice: StbImageSharp (managed, what the automotive use case decodes frames with), through the
/// use case's <see cref="ImageFileDecoder"/> and bare, against SkiaSharp's native codecs (libpng, libjpeg-turbo), on the
/// same camera-sized frames rendered by ImageMagick, as PNG and as JPEG.
/// </summary>
internal static class ImageDecodingBenchmark
{
    public static void Run(BenchmarkOptions options, TextWriter output)
    {
        var directory = Directory.CreateTempSubdirectory("vedliot-bench-decode-");
        try
        {
            output.WriteLine($"Frame decoding, {options.Iterations} interleaved runs each after a warm-up; frames 1280×720 rendered by ImageMagick (a street sign on plasma noise)");
            output.WriteLine($"{"frame",-14} {"contender",-36} {"p50 ms",9} {"p95 ms",9}   {"baseline",-28} {"p50 ms",9} {"p95 ms",9} {"ratio",7}");
            foreach (var extension in new[] { "png", "jpg" })
            {
                var bytes = File.ReadAllBytes(Render(directory.FullName, extension));
                var decoder = new ImageFileDecoder(new FrameLimits());
                CheckSamePixels(bytes, extension);
                foreach (var (name, contender) in new (string, Action)[]
                {
                    ("ImageFileDecoder (StbImageSharp)", () => decoder.Decode("frame", bytes)),
                    ("StbImageSharp, bare", () => ImageResult.FromMemory(bytes, ColorComponents.RedGreenBlue)),
                })
                {
                    var result = Interleaved.Measure(name, contender, "SkiaSharp 4.156.1 (native)", () => SKBitmap.Decode(bytes).Dispose(), options.Iterations);
                    output.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"{$"{extension} {bytes.Length / 1024} KiB",-14} {result.Contender,-36} {result.ContenderP50Ms,9:0.00} {result.ContenderP95Ms,9:0.00}   {result.Baseline,-28} {result.BaselineP50Ms,9:0.00} {result.BaselineP95Ms,9:0.00} {result.Ratio,7:0.00}"));
                }
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>Both decoders must give the same picture (JPEG within rounding of their IDCTs), or the race is not fair.</summary>
    private static void CheckSamePixels(byte[] bytes, string extension)
    {
        var stb = ImageResult.FromMemory(bytes, ColorComponents.RedGreenBlue);
        using var skia = SKBitmap.Decode(bytes);
        long difference = 0;
        for (var y = 0; y < stb.Height; y++)
        {
            for (var x = 0; x < stb.Width; x++)
            {
                var pixel = skia.GetPixel(x, y);
                var at = ((y * stb.Width) + x) * 3;
                difference += Math.Abs(stb.Data[at] - pixel.Red) + Math.Abs(stb.Data[at + 1] - pixel.Green) + Math.Abs(stb.Data[at + 2] - pixel.Blue);
            }
        }

        var mean = (double)difference / (stb.Width * stb.Height * 3);
        if (mean > (extension == "png" ? 0 : 2))
        {
            throw new InvalidOperationException($"{extension}: the decoders disagree by {mean:0.00} levels per sample");
        }
    }

    private static string Render(string directory, string extension)
    {
        var background = Path.Combine(directory, "background.png");
        Convert(["-seed", "16", "-size", "1280x720", "plasma:olive-grey", background]);

        var sign = new SignRenderer().RenderAsync(new SignSpec(SignKind.StreetName, "Bahnhofstrasse"), SignVariant.Clean, directory, "sign").GetAwaiter().GetResult();
        var frame = Path.Combine(directory, $"frame.{extension}");
        Convert([background, sign.FramePath, "-geometry", "+400+260", "-composite", "-quality", "90", frame]);
        return frame;
    }

    private static void Convert(string[] arguments)
    {
        using var process = Process.Start("convert", arguments);
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"convert {string.Join(' ', arguments)} took over a minute and was stopped");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"convert {string.Join(' ', arguments)} exited with code {process.ExitCode}; install ImageMagick with ./eng/bootstrap.sh");
        }
    }
}
