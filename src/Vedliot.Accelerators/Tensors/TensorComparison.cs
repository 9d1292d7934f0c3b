namespace Vedliot.Accelerators.Tensors;

/// <summary>The outcome of comparing an actual value with an expected one.</summary>
/// <param name="Matches">True when every element is within tolerance and the types and shapes agree.</param>
/// <param name="MaxAbsoluteDifference">Largest |actual - expected| over the elements compared (0 for non-numeric values).</param>
/// <param name="Mismatch">Why they differ, naming the first element out of tolerance; null when they match.</param>
public sealed record TensorComparison(bool Matches, double MaxAbsoluteDifference, string? Mismatch)
{
    /// <summary>A match with the given largest difference.</summary>
    public static TensorComparison Match(double maxAbsoluteDifference) => new(true, maxAbsoluteDifference, null);

    /// <summary>A mismatch with its reason.</summary>
    public static TensorComparison Differ(string reason, double maxAbsoluteDifference = double.NaN) => new(false, maxAbsoluteDifference, reason);
}
