using Vedliot.UseCases.Automotive.Ocr;

namespace Vedliot.UseCases.Automotive.Frames.V4l2;

/// <summary>
/// YUYV (4:2:2, Y0 U Y1 V for each pair of pixels) to RGB with ITU-R BT.601 limited-range coefficients, what V4L2
/// cameras deliver as YUYV: R = 1.164 (Y − 16) + 1.596 (V − 128), G = 1.164 (Y − 16) − 0.392 (U − 128) − 0.813 (V − 128),
/// B = 1.164 (Y − 16) + 2.017 (U − 128).
/// </summary>
public static class YuyvFrame
{
    /// <summary>Converts one frame.</summary>
    /// <param name="data">The frame's bytes (at least <paramref name="bytesPerLine"/> × <paramref name="height"/>).</param>
    /// <param name="width">Pixels per row; even.</param>
    /// <param name="height">Rows.</param>
    /// <param name="bytesPerLine">Bytes per row, at least 2 × <paramref name="width"/> (rows may be padded).</param>
    /// <returns>The frame as RGB.</returns>
    /// <exception cref="ArgumentException">The sizes do not fit the data.</exception>
    public static RgbImage ToRgb(ReadOnlySpan<byte> data, int width, int height, int bytesPerLine)
    {
        if (width < 2 || width % 2 != 0 || height < 1 || bytesPerLine < 2 * width || data.Length < (long)bytesPerLine * height)
        {
            throw new ArgumentException($"a {width}×{height} YUYV frame with {bytesPerLine} bytes per line does not fit {data.Length} bytes", nameof(data));
        }

        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            var row = data.Slice(y * bytesPerLine, 2 * width);
            for (var pair = 0; pair < width / 2; pair++)
            {
                var (y0, u, y1, v) = (row[pair * 4], row[(pair * 4) + 1], row[(pair * 4) + 2], row[(pair * 4) + 3]);
                Write(pixels, ((y * width) + (2 * pair)) * 3, y0, u, v);
                Write(pixels, ((y * width) + (2 * pair) + 1) * 3, y1, u, v);
            }
        }

        return new RgbImage(width, height, pixels);
    }

    private static void Write(byte[] pixels, int at, int luma, int u, int v)
    {
        var c = 1.164 * (luma - 16);
        pixels[at] = Clamp(c + (1.596 * (v - 128)));
        pixels[at + 1] = Clamp(c - (0.392 * (u - 128)) - (0.813 * (v - 128)));
        pixels[at + 2] = Clamp(c + (2.017 * (u - 128)));
    }

    private static byte Clamp(double value) => (byte)Math.Clamp(Math.Round(value), 0, 255);
}
