namespace Vedliot.UseCases.Automotive.Ocr;

/// <summary>An 8-bit RGB picture, rows top to bottom, three bytes (red, green, blue) per pixel.</summary>
public sealed class RgbImage
{
    /// <summary>Wraps <paramref name="pixels"/> (not copied: the image owns the array from now on).</summary>
    /// <param name="width">Pixels per row, at least 1.</param>
    /// <param name="height">Rows, at least 1.</param>
    /// <param name="pixels">Exactly <c>width × height × 3</c> bytes.</param>
    /// <exception cref="ArgumentException">A size is below 1, or the array has another length.</exception>
    public RgbImage(int width, int height, byte[] pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (pixels.LongLength != (long)width * height * 3)
        {
            throw new ArgumentException($"a {width}×{height} RGB image has {(long)width * height * 3} bytes, not {pixels.LongLength}", nameof(pixels));
        }

        Width = width;
        Height = height;
        Pixels = pixels;
    }

    /// <summary>Pixels per row.</summary>
    public int Width { get; }

    /// <summary>Rows.</summary>
    public int Height { get; }

    /// <summary>The samples, <c>(y × Width + x) × 3 + channel</c>; channel 0 red, 1 green, 2 blue.</summary>
    public byte[] Pixels { get; }

    /// <summary>One sample, with coordinates clamped to the picture (the border repeats, as OpenCV's BORDER_REPLICATE).</summary>
    /// <param name="x">Column.</param>
    /// <param name="y">Row.</param>
    /// <param name="channel">0 red, 1 green, 2 blue.</param>
    public byte At(int x, int y, int channel) =>
        Pixels[((Math.Clamp(y, 0, Height - 1) * Width) + Math.Clamp(x, 0, Width - 1)) * 3 + channel];

    /// <summary>The sample at a fractional position by bilinear interpolation between the four nearest pixel centres (borders replicated).</summary>
    /// <param name="x">Column, pixel centres at whole numbers.</param>
    /// <param name="y">Row, pixel centres at whole numbers.</param>
    /// <param name="channel">0 red, 1 green, 2 blue.</param>
    public float Bilinear(double x, double y, int channel)
    {
        var x0 = (int)Math.Floor(x);
        var y0 = (int)Math.Floor(y);
        var fx = (float)(x - x0);
        var fy = (float)(y - y0);
        var top = (At(x0, y0, channel) * (1 - fx)) + (At(x0 + 1, y0, channel) * fx);
        var bottom = (At(x0, y0 + 1, channel) * (1 - fx)) + (At(x0 + 1, y0 + 1, channel) * fx);
        return (top * (1 - fy)) + (bottom * fy);
    }

    /// <summary>This picture scaled to <paramref name="width"/> × <paramref name="height"/> by bilinear interpolation with pixel centres aligned (OpenCV's INTER_LINEAR).</summary>
    /// <param name="width">New width, at least 1.</param>
    /// <param name="height">New height, at least 1.</param>
    /// <returns>A new image.</returns>
    public RgbImage Resize(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        var pixels = new byte[width * height * 3];
        var scaleX = (double)Width / width;
        var scaleY = (double)Height / height;
        for (var y = 0; y < height; y++)
        {
            var sourceY = Math.Max(0, ((y + 0.5) * scaleY) - 0.5);
            for (var x = 0; x < width; x++)
            {
                var sourceX = Math.Max(0, ((x + 0.5) * scaleX) - 0.5);
                for (var c = 0; c < 3; c++)
                {
                    pixels[((y * width) + x) * 3 + c] = (byte)Math.Clamp(MathF.Round(Bilinear(sourceX, sourceY, c)), 0, 255);
                }
            }
        }

        return new RgbImage(width, height, pixels);
    }

    /// <summary>This picture turned 90° counter-clockwise (numpy's rot90), as PaddleOCR turns crops much taller than wide.</summary>
    /// <returns>A new image, <see cref="Height"/> wide and <see cref="Width"/> tall.</returns>
    public RgbImage RotateCounterClockwise()
    {
        var pixels = new byte[Pixels.Length];
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                // Source column x becomes row Width-1-x; source row y becomes column y.
                var target = (((Width - 1 - x) * Height) + y) * 3;
                Array.Copy(Pixels, ((y * Width) + x) * 3, pixels, target, 3);
            }
        }

        return new RgbImage(Height, Width, pixels);
    }

    /// <summary>This picture turned by 180°, as PaddleOCR turns a crop its direction classifier reads as upside down.</summary>
    /// <returns>A new image of the same size.</returns>
    public RgbImage Rotate180()
    {
        var pixels = new byte[Pixels.Length];
        var count = Width * Height;
        for (var i = 0; i < count; i++)
        {
            Array.Copy(Pixels, i * 3, pixels, (count - 1 - i) * 3, 3);
        }

        return new RgbImage(Width, Height, pixels);
    }
}
