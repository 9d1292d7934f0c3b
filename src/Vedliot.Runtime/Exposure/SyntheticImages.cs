namespace Vedliot.Runtime.Exposure;

/// <summary>
/// Structured test images in [0, 1], planar [C, H, W]: a linear colour gradient at a random angle, a few
/// filled rectangles and ellipses, and rows of text-like glyphs made of short strokes. Natural images have
/// edges, flat regions and fine strokes; pure noise has none of them and would misstate what a cut keeps.
/// </summary>
public static class SyntheticImages
{
    /// <summary>One image from <paramref name="random"/>.</summary>
    public static float[] Generate(Random random, int channels, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(random);
        var colour = new float[channels];
        var image = new float[channels * height * width];
        Gradient(random, image, channels, height, width);
        var shapes = random.Next(2, 5);
        for (var s = 0; s < shapes; s++)
        {
            Pick(random, colour);
            int top = random.Next(height), left = random.Next(width);
            int h = random.Next(height / 8, height / 2), w = random.Next(width / 8, width / 2);
            var ellipse = random.Next(2) == 0;
            Fill(image, channels, height, width, colour, (y, x) =>
            {
                double dy = (y - top - (h / 2.0)) / (h / 2.0), dx = (x - left - (w / 2.0)) / (w / 2.0);
                return ellipse ? (dy * dy) + (dx * dx) <= 1 : y >= top && y < top + h && x >= left && x < left + w;
            });
        }

        Text(random, image, channels, height, width, colour);
        return image;
    }

    private static void Gradient(Random random, float[] image, int channels, int height, int width)
    {
        var angle = random.NextDouble() * 2 * Math.PI;
        double cos = Math.Cos(angle), sin = Math.Sin(angle);
        var from = new float[channels];
        var to = new float[channels];
        Pick(random, from);
        Pick(random, to);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var t = (float)Math.Clamp(0.5 + (((((x / (double)width) - 0.5) * cos) + (((y / (double)height) - 0.5) * sin)) * 0.7), 0, 1);
                for (var c = 0; c < channels; c++)
                {
                    image[(((c * height) + y) * width) + x] = from[c] + ((to[c] - from[c]) * t);
                }
            }
        }
    }

    // Rows of glyphs, each a few horizontal, vertical or diagonal strokes inside a small box.
    private static void Text(Random random, float[] image, int channels, int height, int width, float[] colour)
    {
        var glyph = Math.Max(4, height / 10);
        var rows = random.Next(1, 4);
        for (var r = 0; r < rows; r++)
        {
            Pick(random, colour);
            var top = random.Next(0, Math.Max(1, height - glyph));
            var left = random.Next(0, Math.Max(1, width / 3));
            var count = random.Next(3, Math.Max(4, (width - left) / (glyph + 1)));
            for (var g = 0; g < count && left + glyph < width; g++, left += glyph + 1)
            {
                var strokes = random.Next(2, 5);
                for (var s = 0; s < strokes; s++)
                {
                    int y0 = top + random.Next(glyph), x0 = left + random.Next(glyph), y1 = top + random.Next(glyph), x1 = left + random.Next(glyph);
                    Line(image, channels, height, width, colour, y0, x0, y1, x1);
                }
            }
        }
    }

    private static void Line(float[] image, int channels, int height, int width, float[] colour, int y0, int x0, int y1, int x1)
    {
        var steps = Math.Max(Math.Abs(y1 - y0), Math.Abs(x1 - x0)) + 1;
        for (var k = 0; k < steps; k++)
        {
            var y = y0 + (int)Math.Round((y1 - y0) * k / (double)Math.Max(1, steps - 1));
            var x = x0 + (int)Math.Round((x1 - x0) * k / (double)Math.Max(1, steps - 1));
            if (y >= 0 && y < height && x >= 0 && x < width)
            {
                for (var c = 0; c < channels; c++)
                {
                    image[(((c * height) + y) * width) + x] = colour[c];
                }
            }
        }
    }

    private static void Fill(float[] image, int channels, int height, int width, float[] colour, Func<int, int, bool> inside)
    {
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                if (inside(y, x))
                {
                    for (var c = 0; c < channels; c++)
                    {
                        image[(((c * height) + y) * width) + x] = colour[c];
                    }
                }
            }
        }
    }

    private static void Pick(Random random, float[] colour)
    {
        for (var c = 0; c < colour.Length; c++)
        {
            colour[c] = (float)random.NextDouble();
        }
    }
}
