using Vedliot.UseCases.Automotive.Ocr;

namespace Vedliot.UseCases.Automotive.Tests;

/// <summary>PP-OCRv4 detection pre-processing against sizes and values worked out by hand.</summary>
public sealed class DetectionInputTests
{
    [Theory]
    [InlineData(1280, 720, 640, 640, 352)] // ratio 0.5 → 640 × 360; 360 / 32 = 11.25 → 11 × 32
    [InlineData(100, 50, 640, 96, 64)]     // never scaled up; 3.125 → 3, 1.5625 → 2
    [InlineData(10, 10, 640, 32, 32)]      // 0.3125 rounds to 0: at least one multiple
    [InlineData(48, 80, 640, 64, 64)]      // Python's round halves to even: 1.5 → 2, 2.5 → 2
    [InlineData(2000, 1000, 960, 960, 480)]
    public void Frames_are_scaled_to_the_limit_side_then_rounded_to_multiples_of_32(int width, int height, int limit, int expectedWidth, int expectedHeight) =>
        Assert.Equal((expectedWidth, expectedHeight), DetectionInput.ResizedSize(width, height, limit));

    [Fact]
    public void Samples_are_normalised_with_the_models_mean_and_deviation_in_blue_green_red_planes()
    {
        var pixels = new byte[32 * 32 * 3];
        for (var i = 0; i < 32 * 32; i++)
        {
            (pixels[i * 3], pixels[(i * 3) + 1], pixels[(i * 3) + 2]) = (255, 51, 0);
        }

        var input = DetectionInput.Create(new RgbImage(32, 32, pixels), 640);

        Assert.Equal(new long[] { 1, 3, 32, 32 }, input.Shape);
        var plane = 32 * 32;
        Assert.Equal((0 - 0.485f) / 0.229f, input.Values[0], 5);            // blue 0
        Assert.Equal((0.2f - 0.456f) / 0.224f, input.Values[plane], 5);      // green 51 / 255 = 0.2
        Assert.Equal((1 - 0.406f) / 0.225f, input.Values[(2 * plane) + 5], 5); // red 255
    }

    [Fact]
    public void A_frame_is_resized_before_normalising()
    {
        var input = DetectionInput.Create(new RgbImage(1280, 720, new byte[1280 * 720 * 3]), 640);

        Assert.Equal(new long[] { 1, 3, 352, 640 }, input.Shape);
        Assert.Equal(3 * 352 * 640, input.Values.Length);
    }
}
