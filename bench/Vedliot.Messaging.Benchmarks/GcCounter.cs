using System.Globalization;

namespace Vedliot.Messaging.Benchmarks;

/// <summary>
/// Garbage collections per generation and bytes allocated by this process while the Vedliot side of a
/// figure runs (paused while MQTT.js, a separate process, runs).
/// </summary>
internal sealed class GcCounter
{
    private readonly long[] _collections = new long[3];
    private readonly long[] _start = new long[3];
    private long _allocated;
    private long _allocatedStart;
    private TimeSpan _paused;
    private TimeSpan _pausedStart;

    private GcCounter()
    {
    }

    public static GcCounter Start() => new();

    public void Resume()
    {
        for (var g = 0; g < 3; g++)
        {
            _start[g] = GC.CollectionCount(g);
        }

        _allocatedStart = GC.GetTotalAllocatedBytes(precise: false);
        _pausedStart = GC.GetTotalPauseDuration();
    }

    public void Pause()
    {
        for (var g = 0; g < 3; g++)
        {
            _collections[g] += GC.CollectionCount(g) - _start[g];
        }

        _allocated += GC.GetTotalAllocatedBytes(precise: false) - _allocatedStart;
        _paused += GC.GetTotalPauseDuration() - _pausedStart;
    }

    public string Describe(int rounds) => string.Create(
        CultureInfo.InvariantCulture,
        $"Vedliot GC over {rounds} round(s): gen0 {_collections[0]}, gen1 {_collections[1]}, gen2 {_collections[2]}; allocated {_allocated / 1e6:0.0} MB; GC pauses {_paused.TotalMilliseconds:0} ms");
}
