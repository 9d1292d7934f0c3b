namespace Vedliot.UseCases.Automotive.Ocr;

/// <summary>
/// A rectangle at any angle: its centre, the unit direction of its first side, and the lengths of its two sides.
/// <see cref="Enclosing"/> finds the smallest one around a set of points, as OpenCV's minAreaRect does.
/// </summary>
/// <param name="Center">The centre.</param>
/// <param name="Direction">Unit vector along the side of length <paramref name="Length"/>.</param>
/// <param name="Length">The side along <paramref name="Direction"/>.</param>
/// <param name="Breadth">The side across it.</param>
public readonly record struct RotatedRectangle(PointD Center, PointD Direction, double Length, double Breadth)
{
    /// <summary>The shorter side: what PaddleOCR's DB post-processing compares with its minimum size.</summary>
    public double ShortSide => Math.Min(Length, Breadth);

    /// <summary>The area.</summary>
    public double Area => Length * Breadth;

    /// <summary>
    /// The smallest-area rectangle holding every point: one of its sides lies on an edge of the points' convex hull
    /// (Freeman and Shapira, 1975), so each hull edge is tried. Fewer than three distinct points give a degenerate
    /// rectangle (zero breadth, or zero size for a single point).
    /// </summary>
    /// <param name="points">At least one point.</param>
    /// <returns>The rectangle.</returns>
    /// <exception cref="ArgumentException">No points.</exception>
    public static RotatedRectangle Enclosing(IReadOnlyList<PointD> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var hull = ConvexHull.Of(points);
        if (hull.Count == 0)
        {
            throw new ArgumentException("a rectangle needs at least one point", nameof(points));
        }

        if (hull.Count == 1)
        {
            return new RotatedRectangle(hull[0], new PointD(1, 0), 0, 0);
        }

        var best = default(RotatedRectangle);
        var bestArea = double.PositiveInfinity;
        for (var i = 0; i < hull.Count; i++)
        {
            var a = hull[i];
            var b = hull[(i + 1) % hull.Count];
            var length = a.DistanceTo(b);
            if (length == 0)
            {
                continue;
            }

            var u = new PointD((b.X - a.X) / length, (b.Y - a.Y) / length);
            var (minU, maxU, minV, maxV) = (double.PositiveInfinity, double.NegativeInfinity, double.PositiveInfinity, double.NegativeInfinity);
            foreach (var p in hull)
            {
                var along = (p.X * u.X) + (p.Y * u.Y);
                var across = (-p.X * u.Y) + (p.Y * u.X);
                (minU, maxU) = (Math.Min(minU, along), Math.Max(maxU, along));
                (minV, maxV) = (Math.Min(minV, across), Math.Max(maxV, across));
            }

            var area = (maxU - minU) * (maxV - minV);
            if (area < bestArea - 1e-9)
            {
                bestArea = area;
                var centerU = (minU + maxU) / 2;
                var centerV = (minV + maxV) / 2;
                var center = new PointD((centerU * u.X) - (centerV * u.Y), (centerU * u.Y) + (centerV * u.X));
                best = new RotatedRectangle(center, u, maxU - minU, maxV - minV);
            }
        }

        return best;
    }

    /// <summary>This rectangle with every side pushed out by <paramref name="distance"/>.</summary>
    /// <param name="distance">How far each side moves outwards.</param>
    public RotatedRectangle Grow(double distance) => this with { Length = Length + (2 * distance), Breadth = Breadth + (2 * distance) };

    /// <summary>
    /// The corners in PaddleOCR's order (its get_mini_boxes): of the two leftmost corners the upper one first, then of
    /// the two rightmost the upper, the lower, and last the lower left one.
    /// </summary>
    public PointD[] Corners()
    {
        var u = new PointD(Direction.X * Length / 2, Direction.Y * Length / 2);
        var v = new PointD(-Direction.Y * Breadth / 2, Direction.X * Breadth / 2);
        var c = Center;
        var corners = new[]
        {
            new PointD(c.X - u.X - v.X, c.Y - u.Y - v.Y),
            new PointD(c.X + u.X - v.X, c.Y + u.Y - v.Y),
            new PointD(c.X + u.X + v.X, c.Y + u.Y + v.Y),
            new PointD(c.X - u.X + v.X, c.Y - u.Y + v.Y),
        };
        var byX = corners.OrderBy(p => p.X).ThenBy(p => p.Y).ToArray();
        var (topLeft, bottomLeft) = byX[1].Y > byX[0].Y ? (byX[0], byX[1]) : (byX[1], byX[0]);
        var (topRight, bottomRight) = byX[3].Y > byX[2].Y ? (byX[2], byX[3]) : (byX[3], byX[2]);
        return [topLeft, topRight, bottomRight, bottomLeft];
    }
}
