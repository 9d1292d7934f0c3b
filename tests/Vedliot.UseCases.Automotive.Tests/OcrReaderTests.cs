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
        var reading = Assert.Single(await models.Reader.ReadAsync(await UpsideDownSignAsync()));

        Assert.True(reading.UpsideDown);
        Assert.Equal("Lindenallee", reading.Text);
    }

    [Fact]
    public async Task Without_the_direction_classifier_the_same_sign_is_misread()
    {
        var reader = new OcrReader(models.Models, models.Keys, new OcrReaderOptions { ClassifyDirection = false });
        var readings = await reader.ReadAsync(await UpsideDownSignAsync());

        Assert.DoesNotContain(readings, r => r.Text == "Lindenallee");
    }

    [Fact]
    public async Task A_blank_frame_holds_no_text()
    {
        var grey = new RgbImage(320, 240, Enumerable.Repeat((byte)128, 320 * 240 * 3).ToArray());

        Assert.Empty(await models.Reader.ReadAsync(grey));
    }

    /// <summary>A street sign rendered, then turned by 180° with ImageMagick.</summary>
    private static async Task<RgbImage> UpsideDownSignAsync()
    {
        using var temp = new TempDirectory();
        var sign = await new SignRenderer().RenderAsync(new SignSpec(SignKind.StreetName, "Lindenallee"), SignVariant.Clean, temp.Path, "sign");
        var turned = temp.File("turned.png");
        using (var process = Process.Start("convert", [sign.FramePath, "-rotate", "180", turned]))
        {
            Assert.True(process.WaitForExit(60_000));
        }

        return new ImageFileDecoder(new FrameLimits()).DecodeFile(turned);
    }
}
