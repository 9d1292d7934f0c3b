namespace Vedliot.Pipelines;

/// <summary>The most recent latencies (a ring of <see cref="Capacity"/>), for percentiles; thread-safe.</summary>
internal sealed class LatencySamples
{
    public const int Capacity = 1024;

    private readonly Lock _lock = new();
    private readonly double[] _ring = new double[Capacity];
    private long _count;

    public void Add(TimeSpan latency)
    {
        lock (_lock)
        {
            _ring[_count++ % Capacity] = latency.TotalMilliseconds;
        }
    }

    /// <summary>The <paramref name="percent"/>th percentile (nearest rank) of the samples held, or 0 when there are none.</summary>
    public double Percentile(double percent)
    {
        double[] samples;
        lock (_lock)
        {
            samples = _ring[..(int)Math.Min(_count, Capacity)];
        }

        if (samples.Length == 0)
        {
            return 0;
        }

        Array.Sort(samples);
        var rank = (int)Math.Ceiling(percent / 100 * samples.Length);
        return samples[Math.Clamp(rank - 1, 0, samples.Length - 1)];
    }
}
