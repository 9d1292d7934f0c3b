namespace Vedliot.UseCases.Automotive.Ocr;

/// <summary>A point in pixel coordinates: x to the right, y down.</summary>
/// <param name="X">Column.</param>
/// <param name="Y">Row.</param>
public readonly record struct PointD(double X, double Y)
{
    /// <summary>The distance to <paramref name="other"/>.</summary>
    /// <param name="other">The other point.</param>
    public double DistanceTo(PointD other) => Math.Sqrt(((X - other.X) * (X - other.X)) + ((Y - other.Y) * (Y - other.Y)));
}
