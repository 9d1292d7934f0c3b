using System.Diagnostics;

namespace Vedliot.Placement.Benchmarks;

/// <summary>Median wall time of repeated runs after a warm-up.</summary>
internal static class Timing
{
    public static double MedianMs(Action run, int warmUps, int runs)
    {
        for (var i = 0; i < warmUps; i++)
        {
            run();
        }

        var times = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            run();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(times);
        return times[runs / 2];
    }
}
