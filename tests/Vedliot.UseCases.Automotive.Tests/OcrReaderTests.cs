using System.Diagnostics;
using Vedliot.Testing;
using Vedliot.UseCases.Automotive.Frames;
using Vedliot.UseCases.Automotive.Ocr;
using Vedliot.UseCases.Automotive.Rendering;

namespace Vedliot.UseCases.Automotive.Tests;

/// <summary>The whole reader on the real models in process.</summary>
public sealed class OcrReaderTests(OcrModels models) : IClassFixture<OcrModels>
{
    [Fact]
    public async Task An_upside_down_street_sign_is_turned_by_the_direction_classifier_and_read()
    {
        using var temp = new TempDirectory();
        var sign = await new SignRenderer().RenderAsync(new SignSpec(SignKind.StreetName, "Lindenallee"), SignVariant.Clean, temp.Path, "sign");
        var turned = temp.File("turned.png");
        using (var process = Process.Start("convert", [sign.FramePath, "-rotate", "180", turned]))
        {
            Assert.True(process.WaitForExit(60_000));
        }

        var reading = Assert.Single(await models.Reader.ReadAsync(new ImageFileDecoder(new FrameLimits()).DecodeFile(turned)));

        Assert.True(reading.UpsideDown);
        Assert.Equal("Lindenallee", reading.Text);
    }

    [Fact]
    public async Task Without_the_direction_classifier_the_same_sign_is_misread()
    {
        using var temp = new TempDirectory();
        var sign = await new SignRenderer().RenderAsync(new SignSpec(SignKind.StreetName, "Lindenallee"), SignVariant.Clean, temp.Path, "sign");
        var turned = temp.File("turned.png");
        using (var process = Process.Start("convert", [sign.FramePath, "-rotate", "180", turned]))
        {
            Assert.True(process.WaitForExit(60_000));
        }

        var reader = new OcrReader(models.Models, models.Keys, new OcrReaderOptions { ClassifyDirection = false });
        var readings = await reader.ReadAsync(new ImageFileDecoder(new FrameLimits()).DecodeFile(turned));

        Assert.DoesNotContain(readings, r => r.Text == "Lindenallee");
    }

    [Fact]
    public async Task A_blank_frame_holds_no_text()
    {
        var grey = new RgbImage(320, 240, Enumerable.Repeat((byte)128, 320 * 240 * 3).ToArray());

        Assert.Empty(await models.Reader.ReadAsync(grey));
    }
}
