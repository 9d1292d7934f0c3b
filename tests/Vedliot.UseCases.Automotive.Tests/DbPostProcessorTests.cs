using Vedliot.UseCases.Automotive.Ocr;

namespace Vedliot.UseCases.Automotive.Tests;

/// <summary>DB post-processing against boxes worked out by hand.</summary>
public sealed class DbPostProcessorTests
{
    private static ProbabilityMap Map(int width, int height, params (int Left, int Top, int Right, int Bottom, float P)[] blocks)
    {
        var values = new float[width * height];
        foreach (var (left, top, right, bottom, p) in blocks)
        {
            for (var y = top; y <= bottom; y++)
            {
                for (var x = left; x <= right; x++)
                {
                    values[(y * width) + x] = p;
                }
            }
        }

        return new ProbabilityMap(width, height, values);
    }

    [Fact]
    public void A_block_of_text_becomes_its_rectangle_unclipped_by_area_times_ratio_over_perimeter_and_scaled_to_the_frame()
    {
        // Pixels x 10–29, y 5–12: their centres span 19 × 7. Unclip distance 19 · 7 · 1.5 / (2 · (19 + 7)) = 3.8365.
        // Grown: x 6.1635–32.8365, y 1.1635–15.8365; × 2 to an 80 × 40 frame and rounded: x 12–66, y 2–32.
        var map = Map(40, 20, (10, 5, 29, 12, 0.9f));
        var processor = new DbPostProcessor();

        var box = Assert.Single(processor.Boxes(map, 80, 40));

        Assert.Equal(3.8365, processor.UnclipDistance(RotatedRectangle.Enclosing([new(10, 5), new(29, 5), new(29, 12), new(10, 12)])), 4);
        Assert.Equal(new PointD[] { new(12, 2), new(66, 2), new(66, 32), new(12, 32) }, box.Corners);
        Assert.Equal(0.9, box.Score, 5);
    }

    [Fact]
    public void Boxes_below_the_box_threshold_or_the_minimum_size_are_dropped()
    {
        // 0.5 is text (above 0.3) but its mean is below 0.6; the 2 × 2 block is 1 pixel across between centres.
        var map = Map(40, 20, (2, 2, 20, 8, 0.5f), (30, 15, 31, 16, 1f));

        Assert.Empty(new DbPostProcessor().Boxes(map, 40, 20));
    }

    [Fact]
    public void The_score_is_the_mean_probability_inside_the_box()
    {
        // Left half 1.0 (x 0–9), right half 0.4 (x 10–19), rows 0–9: box mean (10 · 1 + 10 · 0.4) / 20 = 0.7.
        var map = Map(30, 12, (0, 1, 9, 10, 1f), (10, 1, 19, 10, 0.4f));

        var box = Assert.Single(new DbPostProcessor().Boxes(map, 30, 12));

        Assert.Equal(0.7, box.Score, 5);
    }

    [Fact]
    public void Boxes_come_in_reading_order()
    {
        // Two lines; on the upper one the right word's top is 2 pixels higher, which sorting by y alone would put first.
        var map = Map(100, 60, (50, 3, 80, 12, 1f), (5, 5, 35, 14, 1f), (5, 35, 60, 45, 1f));

        var boxes = new DbPostProcessor().Boxes(map, 100, 60);

        Assert.Equal(3, boxes.Count);
        Assert.True(boxes[0].Bounds.Right < 42, $"first: {boxes[0].Bounds}");
        Assert.True(boxes[1].Bounds.Left >= 40 && boxes[1].Bounds.Top < 20, $"second: {boxes[1].Bounds}");
        Assert.True(boxes[2].Bounds.Top > 20, $"third: {boxes[2].Bounds}");
    }

    [Fact]
    public void The_minimum_area_rectangle_of_a_diamond_is_the_diamond()
    {
        var rectangle = RotatedRectangle.Enclosing([new(0, 1), new(1, 0), new(2, 1), new(1, 2)]);

        Assert.Equal(2, rectangle.Area, 9);
        Assert.Equal(Math.Sqrt(2), rectangle.ShortSide, 9);
        Assert.Equal(
            new PointD[] { new(0, 1), new(1, 0), new(1, 2), new(2, 1) },
            rectangle.Corners().Select(p => new PointD(Math.Round(p.X, 9) + 0, Math.Round(p.Y, 9) + 0)).OrderBy(p => p.X).ThenBy(p => p.Y));
    }

    [Fact]
    public void Out_of_range_settings_are_refused_naming_them()
    {
        var error = Assert.Throws<ArgumentException>(() => new DbPostProcessor { BoxThreshold = 1.5 }.Validate());

        Assert.Contains("BoxThreshold 1.5", error.Message, StringComparison.Ordinal);
    }
}
