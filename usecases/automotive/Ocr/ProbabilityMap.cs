namespace Vedliot.UseCases.Automotive.Ocr;

/// <summary>The detector's output for one frame: a text probability per pixel of its input, row by row.</summary>
/// <param name="Width">Columns.</param>
/// <param name="Height">Rows.</param>
/// <param name="Values">Width × Height probabilities, 0–1.</param>
public sealed record ProbabilityMap(int Width, int Height, float[] Values)
{
    /// <summary>The probability at column <paramref name="x"/>, row <paramref name="y"/>.</summary>
    /// <param name="x">Column.</param>
    /// <param name="y">Row.</param>
    public float At(int x, int y) => Values[(y * Width) + x];

    /// <summary>
    /// Mean probability inside the polygon <paramref name="corners"/> (PaddleOCR's box_score_fast): the corners are
    /// truncated to whole pixels, as OpenCV's fillPoly takes them, and a pixel counts when its centre lies inside or on
    /// the polygon's boundary, row by row within the map.
    /// </summary>
    /// <param name="corners">A convex polygon.</param>
    /// <returns>The mean, 0 when no pixel is covered.</returns>
    public double MeanInside(IReadOnlyList<PointD> corners)
    {
        ArgumentNullException.ThrowIfNull(corners);
        var polygon = corners.Select(p => new PointD(Math.Truncate(p.X), Math.Truncate(p.Y))).ToArray();
        var top = Math.Clamp((int)Math.Floor(polygon.Min(p => p.Y)), 0, Height - 1);
        var bottom = Math.Clamp((int)Math.Ceiling(polygon.Max(p => p.Y)), 0, Height - 1);
        double sum = 0;
        long count = 0;
        for (var y = top; y <= bottom; y++)
        {
            if (Span(polygon, y) is not var (left, right))
            {
                continue;
            }

            for (var x = Math.Max(0, (int)Math.Ceiling(left - 1e-9)); x <= Math.Min(Width - 1, (int)Math.Floor(right + 1e-9)); x++)
            {
                sum += At(x, y);
                count++;
            }
        }

        return count == 0 ? 0 : sum / count;
    }

    /// <summary>Where the horizontal line at <paramref name="y"/> enters and leaves a convex polygon, or null when it misses it.</summary>
    private static (double Left, double Right)? Span(PointD[] polygon, double y)
    {
        var (left, right) = (double.PositiveInfinity, double.NegativeInfinity);
        for (var i = 0; i < polygon.Length; i++)
        {
            var a = polygon[i];
            var b = polygon[(i + 1) % polygon.Length];
            if ((y < Math.Min(a.Y, b.Y)) || (y > Math.Max(a.Y, b.Y)))
            {
                continue;
            }

            if (a.Y == b.Y)
            {
                (left, right) = (Math.Min(left, Math.Min(a.X, b.X)), Math.Max(right, Math.Max(a.X, b.X)));
                continue;
            }

            var x = a.X + ((y - a.Y) * (b.X - a.X) / (b.Y - a.Y));
            (left, right) = (Math.Min(left, x), Math.Max(right, x));
        }

        return left <= right ? (left, right) : null;
    }
}
