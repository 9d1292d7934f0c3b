namespace Vedliot.Deployment.Benchmarks;

/// <summary>Percentiles of timed samples (nearest rank, as the other benchmarks compute them).</summary>
internal static class Samples
{
    public static double Percentile(IEnumerable<double> values, double quantile)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(quantile * sorted.Length))];
    }

    public static double P50(IEnumerable<double> values) => Percentile(values, 0.5);

    public static double P95(IEnumerable<double> values) => Percentile(values, 0.95);
}
