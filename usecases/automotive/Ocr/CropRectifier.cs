namespace Vedliot.UseCases.Automotive.Ocr;

/// <summary>
/// PaddleOCR's get_rotate_crop_image: the box's quadrilateral warped by a perspective transform onto an upright
/// rectangle as wide as its longer top/bottom edge and as tall as its longer left/right edge (bilinear samples,
/// borders replicated), turned 90° counter-clockwise when it comes out at least 1.5 times taller than wide.
/// </summary>
public static class CropRectifier
{
    /// <summary>Height-to-width ratio from which a crop is taken for vertical text and turned.</summary>
    public const double VerticalRatio = 1.5;

    /// <summary>The upright crop of <paramref name="box"/> out of <paramref name="frame"/>.</summary>
    /// <param name="frame">The frame the box was found in.</param>
    /// <param name="box">Four corners, clockwise from top-left.</param>
    /// <returns>The rectified crop, at least 1 × 1.</returns>
    public static RgbImage Crop(RgbImage frame, IReadOnlyList<PointD> box)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(box);
        if (box.Count != 4)
        {
            throw new ArgumentException($"a text box has 4 corners, not {box.Count}", nameof(box));
        }

        var width = Math.Max(1, (int)Math.Max(box[0].DistanceTo(box[1]), box[2].DistanceTo(box[3])));
        var height = Math.Max(1, (int)Math.Max(box[0].DistanceTo(box[3]), box[1].DistanceTo(box[2])));
        PointD[] target = [new(0, 0), new(width, 0), new(width, height), new(0, height)];

        // Destination pixel → frame position: the transform from the upright rectangle onto the box.
        var toFrame = Homography.FromCorners(target, [.. box]);
        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var source = toFrame.Apply(new PointD(x, y));
                for (var c = 0; c < 3; c++)
                {
                    pixels[(((y * width) + x) * 3) + c] = (byte)Math.Clamp(MathF.Round(frame.Bilinear(source.X, source.Y, c)), 0, 255);
                }
            }
        }

        var crop = new RgbImage(width, height, pixels);
        return height >= width * VerticalRatio ? crop.RotateCounterClockwise() : crop;
    }
}
