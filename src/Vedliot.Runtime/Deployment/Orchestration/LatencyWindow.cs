namespace Vedliot.Runtime.Deployment.Orchestration;

/// <summary>The most recent latencies (a bounded ring) and their percentiles; thread-safe.</summary>
/// <param name="capacity">How many recent samples are kept.</param>
public sealed class LatencyWindow(int capacity = 1024)
{
    private readonly double[] _samples = new double[capacity];
    private readonly Lock _lock = new();
    private int _count;
    private int _next;

    /// <summary>Adds a sample in milliseconds.</summary>
    public void Add(double milliseconds)
    {
        lock (_lock)
        {
            _samples[_next] = milliseconds;
            _next = (_next + 1) % _samples.Length;
            _count = Math.Min(_count + 1, _samples.Length);
        }
    }

    /// <summary>The <paramref name="percentile"/> (0–100) of the kept samples (nearest rank), or 0 without samples.</summary>
    public double Percentile(double percentile)
    {
        double[] sorted;
        lock (_lock)
        {
            sorted = _samples[.._count];
        }

        if (sorted.Length == 0)
        {
            return 0;
        }

        Array.Sort(sorted);
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
