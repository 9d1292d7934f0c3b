using Vedliot.UseCases.Automotive.Ocr;

namespace Vedliot.UseCases.Automotive.Tests;

/// <summary>Crop rectification, turning, recognition input and CTC decoding against cases worked out by hand.</summary>
public sealed class GeometryTests
{
    /// <summary>Red = x, green = y, blue = 7: every pixel says where it is.</summary>
    private static RgbImage Coordinates(int width, int height)
    {
        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                (pixels[((y * width) + x) * 3], pixels[(((y * width) + x) * 3) + 1], pixels[(((y * width) + x) * 3) + 2]) = ((byte)x, (byte)y, 7);
            }
        }

        return new RgbImage(width, height, pixels);
    }

    [Fact]
    public void An_upright_box_is_cropped_pixel_for_pixel()
    {
        var crop = CropRectifier.Crop(Coordinates(20, 10), [new(2, 1), new(12, 1), new(12, 6), new(2, 6)]);

        Assert.Equal((10, 5), (crop.Width, crop.Height));
        Assert.Equal((2, 1), (crop.At(0, 0, 0), crop.At(0, 0, 1)));
        Assert.Equal((11, 5), (crop.At(9, 4, 0), crop.At(9, 4, 1)));
    }

    [Fact]
    public void A_tilted_box_is_rectified_by_its_perspective_transform()
    {
        // A square turned by 45°: corners (10,2), (18,10), (10,18), (2,10); sides 8√2 = 11.3 → an 11 × 11 crop.
        // Its first pixel is the box's first corner; one step along the crop's top edge is (1/√2, 1/√2) in the frame.
        var crop = CropRectifier.Crop(Coordinates(24, 24), [new(10, 2), new(18, 10), new(10, 18), new(2, 10)]);

        Assert.Equal((11, 11), (crop.Width, crop.Height));
        Assert.Equal((10, 2), (crop.At(0, 0, 0), crop.At(0, 0, 1)));
        var step = 8.0 / 11;
        Assert.Equal((byte)Math.Round(10 + (5 * step)), crop.At(5, 0, 0));
        Assert.Equal((byte)Math.Round(2 + (5 * step)), crop.At(5, 0, 1));
    }

    [Fact]
    public void A_crop_at_least_one_and_a_half_times_taller_than_wide_is_turned_counter_clockwise()
    {
        var crop = CropRectifier.Crop(Coordinates(20, 20), [new(3, 2), new(7, 2), new(7, 12), new(3, 12)]);

        // 4 wide, 10 tall → 10 wide, 4 tall; the crop's top-right pixel (frame 6, 2) is now top-left.
        Assert.Equal((10, 4), (crop.Width, crop.Height));
        Assert.Equal((6, 2), (crop.At(0, 0, 0), crop.At(0, 0, 1)));
        Assert.Equal((3, 11), (crop.At(9, 3, 0), crop.At(9, 3, 1)));
    }

    [Fact]
    public void Turning_by_180_degrees_reverses_the_pixels()
    {
        var turned = Coordinates(3, 2).Rotate180();

        Assert.Equal((2, 1), (turned.At(0, 0, 0), turned.At(0, 0, 1)));
        Assert.Equal((0, 0), (turned.At(2, 1, 0), turned.At(2, 1, 1)));
    }

    [Fact]
    public void A_line_is_scaled_to_height_48_normalised_to_plus_minus_one_and_padded_to_width_320()
    {
        var white = new RgbImage(100, 20, Enumerable.Repeat((byte)255, 100 * 20 * 3).ToArray());

        var input = LineInput.ForRecognition(white);

        // 100 × 20 is 5:1, under 320:48, so the input is 320 wide and the line ceil(48 · 5) = 240 of it.
        Assert.Equal(new long[] { 1, 3, 48, 320 }, input.Shape);
        Assert.Equal(1f, input.Values[239]);
        Assert.Equal(0f, input.Values[240]);
        Assert.Equal(1f, input.Values[(2 * 48 * 320) + (47 * 320) + 239]);
    }

    [Fact]
    public void A_long_line_widens_the_input_to_keep_its_aspect_ratio()
    {
        var line = new RgbImage(500, 20, new byte[500 * 20 * 3]);

        Assert.Equal(new long[] { 1, 3, 48, 1200 }, LineInput.ForRecognition(line).Shape);
        Assert.Equal(new long[] { 1, 3, 48, 192 }, LineInput.ForDirection(line).Shape);
    }

    [Fact]
    public void Ctc_collapses_repeats_drops_blanks_and_maps_classes_through_the_key_file_with_a_trailing_space()
    {
        var keys = KeysOf("a", "b", "c");
        Assert.Equal(5, keys.ClassCount); // blank, a, b, c, space

        // Best classes per step: a a blank a b b space c → "aa" (a blank splits the repeat), "b", " ", "c".
        int[] best = [1, 1, 0, 1, 2, 2, 4, 3];
        float[] p = [0.9f, 0.8f, 0.99f, 0.7f, 0.6f, 0.9f, 0.5f, 0.95f];
        var probabilities = new float[best.Length * 5];
        for (var t = 0; t < best.Length; t++)
        {
            for (var c = 0; c < 5; c++)
            {
                probabilities[(t * 5) + c] = c == best[t] ? p[t] : (1 - p[t]) / 4;
            }
        }

        var (text, confidence) = new CtcDecoder(keys).Decode(probabilities, best.Length, 5);

        Assert.Equal("aab c", text);
        Assert.Equal((0.9 + 0.7 + 0.6 + 0.5 + 0.95) / 5, confidence, 5); // the first step of each kept run
    }

    [Fact]
    public void A_recogniser_with_another_class_count_than_the_key_file_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new CtcDecoder(KeysOf("a", "b")).Decode(new float[10], 2, 5));

        Assert.Contains("scores 5 classes; its key file gives 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_package_key_file_gives_the_recognisers_6625_classes()
    {
        using var models = new OcrModels();

        Assert.Equal(6625, models.Keys.ClassCount);
        Assert.Equal("0", models.Keys[26]);  // line 26 of ppocr_keys_v1.txt
        Assert.Equal(" ", models.Keys[6624]);
    }

    private static CharacterKeys KeysOf(params string[] lines)
    {
        var path = Path.Combine(Path.GetTempPath(), $"vedliot-keys-{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        try
        {
            return CharacterKeys.Load(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
