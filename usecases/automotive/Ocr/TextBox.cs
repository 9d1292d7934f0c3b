namespace Vedliot.UseCases.Automotive.Ocr;

/// <summary>
/// A text region as PaddleOCR reports it: four corners clockwise from the top-left one (top-left, top-right,
/// bottom-right, bottom-left), in the frame's pixel coordinates, and the detector's score for it.
/// </summary>
/// <param name="Corners">The four corners.</param>
/// <param name="Score">Mean text probability inside the box before it was unclipped, 0–1.</param>
public sealed record TextBox(IReadOnlyList<PointD> Corners, double Score)
{
    /// <summary>The smallest axis-aligned rectangle holding the corners: left, top, right, bottom.</summary>
    public (double Left, double Top, double Right, double Bottom) Bounds =>
        (Corners.Min(p => p.X), Corners.Min(p => p.Y), Corners.Max(p => p.X), Corners.Max(p => p.Y));

    /// <summary>Intersection over union of the two boxes' axis-aligned bounds.</summary>
    /// <param name="other">The other box.</param>
    /// <returns>0 (apart) to 1 (the same bounds).</returns>
    public double IntersectionOverUnion(TextBox other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var a = Bounds;
        var b = other.Bounds;
        var width = Math.Min(a.Right, b.Right) - Math.Max(a.Left, b.Left);
        var height = Math.Min(a.Bottom, b.Bottom) - Math.Max(a.Top, b.Top);
        var intersection = width > 0 && height > 0 ? width * height : 0;
        var union = ((a.Right - a.Left) * (a.Bottom - a.Top)) + ((b.Right - b.Left) * (b.Bottom - b.Top)) - intersection;
        return union > 0 ? intersection / union : 0;
    }
}
