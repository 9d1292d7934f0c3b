using System.Globalization;
using Vedliot.Testing;
using Vedliot.UseCases.Automotive.Frames;
using Vedliot.UseCases.Automotive.Rendering;
using Xunit.Abstractions;

namespace Vedliot.UseCases.Automotive.Tests;

/// <summary>
/// The reader's quality on a test set rendered here with ImageMagick: speed-limit signs, number plates and street
/// names, each clean and in five degradations. Exact match is on the frame's text with white space collapsed; the
/// character error rate is edit distance over the true length; box recall counts texts found with IoU ≥ 0.5.
/// </summary>
public sealed class ReadingQualityTests(OcrModels models, ITestOutputHelper output) : IClassFixture<OcrModels>
{
    public static IReadOnlyList<SignSpec> TestSet { get; } =
    [
        new(SignKind.SpeedLimit, "30"), new(SignKind.SpeedLimit, "50"), new(SignKind.SpeedLimit, "60"),
        new(SignKind.SpeedLimit, "80"), new(SignKind.SpeedLimit, "100"), new(SignKind.SpeedLimit, "120"),
        new(SignKind.NumberPlate, "B-MW 1234"), new(SignKind.NumberPlate, "M-XK 58"), new(SignKind.NumberPlate, "HH-AB 907"),
        new(SignKind.NumberPlate, "S-EV 2026"), new(SignKind.NumberPlate, "KA-VL 31"),
        new(SignKind.StreetName, "Hauptstrasse"), new(SignKind.StreetName, "Bahnhofstrasse"), new(SignKind.StreetName, "Lindenallee"),
        new(SignKind.StreetName, "Am Markt"), new(SignKind.StreetName, "Goetheweg 12"),
    ];

    [Fact]
    public async Task Clean_renders_are_read_exactly_at_least_nine_times_in_ten_and_degraded_ones_are_measured()
    {
        using var temp = new TempDirectory();
        var renderer = new SignRenderer();
        var decoder = new ImageFileDecoder(new FrameLimits());
        var rows = new List<(SignVariant Variant, SignKind Kind, bool Exact, int Errors, int Length, bool Box)>();
        var n = 0;
        foreach (var spec in TestSet)
        {
            foreach (var variant in Enum.GetValues<SignVariant>())
            {
                var sign = await renderer.RenderAsync(spec, variant, temp.Path, $"sign-{n++}");
                var readings = await models.Reader.ReadAsync(decoder.DecodeFile(sign.FramePath));
                var read = TextMetrics.FrameText(readings);
                var truth = TextMetrics.Collapse(spec.Text);
                rows.Add((variant, spec.Kind, read == truth, TextMetrics.EditDistance(read, truth), truth.Length, TextMetrics.BoxFound(sign, readings)));
                if (read != truth)
                {
                    output.WriteLine($"  miss: {spec.Kind} \"{truth}\" {variant}: read \"{read}\"");
                }
            }
        }

        output.WriteLine("variant          frames  exact   CER     box recall (IoU ≥ 0.5)");
        foreach (var group in rows.GroupBy(r => r.Variant))
        {
            output.WriteLine(Line(group.Key.ToString(), [.. group]));
        }

        foreach (var group in rows.GroupBy(r => r.Kind))
        {
            output.WriteLine(Line($"all {group.Key}", [.. group]));
        }

        output.WriteLine(Line("all", rows));
        var clean = rows.Where(r => r.Variant == SignVariant.Clean).ToList();
        Assert.True(clean.Count(r => r.Exact) >= 0.9 * clean.Count, $"clean exact matches {clean.Count(r => r.Exact)} of {clean.Count}");
        Assert.True(clean.Count(r => r.Box) >= 0.9 * clean.Count, $"clean boxes found {clean.Count(r => r.Box)} of {clean.Count}");
    }

    private static string Line(string name, List<(SignVariant Variant, SignKind Kind, bool Exact, int Errors, int Length, bool Box)> rows) =>
        string.Create(CultureInfo.InvariantCulture, $"{name,-16} {rows.Count,6}  {100.0 * rows.Count(r => r.Exact) / rows.Count,5:0.0} %  {100.0 * rows.Sum(r => r.Errors) / rows.Sum(r => r.Length),5:0.0} %  {100.0 * rows.Count(r => r.Box) / rows.Count,5:0.0} %");
}
