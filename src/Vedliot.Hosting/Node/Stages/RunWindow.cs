using Vedliot.Runtime.Execution;

namespace Vedliot.Hosting.Node.Stages;

/// <summary>
/// Latency and energy of a stage's most recent runs (a bounded window), for its health report. Thread-safe: the
/// stage worker adds, the health loop reads.
/// </summary>
internal sealed class RunWindow
{
    private readonly double[] _latencyMs;
    private readonly double[] _energyJoules;
    private readonly Lock _lock = new();
    private int _count;
    private int _next;
    private FigureSource _latencySource;
    private FigureSource _energySource;
    private string _energyMeter;

    /// <summary>Creates an empty window.</summary>
    /// <param name="capacity">How many runs it covers (at least 1).</param>
    /// <param name="latencySource">The latency source to report before any run.</param>
    public RunWindow(int capacity, FigureSource latencySource)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _latencyMs = new double[capacity];
        _energyJoules = new double[capacity];
        _latencySource = latencySource;
        _energySource = latencySource;
        _energyMeter = "none yet (no run)";
    }

    /// <summary>Adds a run; its sources and meter become the reported ones.</summary>
    /// <param name="run">The run.</param>
    public void Add(AcceleratorRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        lock (_lock)
        {
            _latencyMs[_next] = run.Latency.TotalMilliseconds;
            _energyJoules[_next] = run.EnergyJoules;
            _next = (_next + 1) % _latencyMs.Length;
            _count = Math.Min(_count + 1, _latencyMs.Length);
            _latencySource = run.LatencySource;
            _energySource = run.EnergySource;
            _energyMeter = run.EnergyMeter;
        }
    }

    /// <summary>The window's figures: p50 and p95 latency (nearest rank), mean energy per run, and their sources.</summary>
    /// <returns>The figures; zeros before any run.</returns>
    public RunFigures Figures()
    {
        double[] latencies;
        double energy;
        FigureSource latencySource, energySource;
        string meter;
        lock (_lock)
        {
            latencies = _latencyMs[.._count];
            energy = _count == 0 ? 0 : _energyJoules[.._count].Average();
            (latencySource, energySource, meter) = (_latencySource, _energySource, _energyMeter);
        }

        Array.Sort(latencies);
        return new RunFigures(Percentile(latencies, 50), Percentile(latencies, 95), latencySource, energy, energySource, meter);
    }

    private static double Percentile(double[] sorted, double percent) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
