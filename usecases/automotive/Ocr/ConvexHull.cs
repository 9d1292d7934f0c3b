namespace Vedliot.UseCases.Automotive.Ocr;

/// <summary>The convex hull of a point set by Andrew's monotone chain.</summary>
public static class ConvexHull
{
    /// <summary>The hull's corners counter-clockwise in a y-up frame (clockwise on screen), without collinear points.</summary>
    /// <param name="points">Any points; duplicates are fine.</param>
    /// <returns>The corners: none for no points, one or two for points on a single spot or line.</returns>
    public static IReadOnlyList<PointD> Of(IReadOnlyList<PointD> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var sorted = points.Distinct().OrderBy(p => p.X).ThenBy(p => p.Y).ToList();
        if (sorted.Count < 3)
        {
            return sorted;
        }

        var hull = new PointD[sorted.Count * 2];
        var k = 0;
        foreach (var p in sorted)
        {
            while (k >= 2 && Cross(hull[k - 2], hull[k - 1], p) <= 0)
            {
                k--;
            }

            hull[k++] = p;
        }

        for (int i = sorted.Count - 2, lower = k + 1; i >= 0; i--)
        {
            while (k >= lower && Cross(hull[k - 2], hull[k - 1], sorted[i]) <= 0)
            {
                k--;
            }

            hull[k++] = sorted[i];
        }

        return hull[..(k - 1)];
    }

    private static double Cross(PointD o, PointD a, PointD b) => ((a.X - o.X) * (b.Y - o.Y)) - ((a.Y - o.Y) * (b.X - o.X));
}
