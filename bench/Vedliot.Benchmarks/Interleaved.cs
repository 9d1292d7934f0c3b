using System.Diagnostics;

namespace Vedliot.Benchmarks;

/// <summary>
/// Times two contenders in alternation (A B A B ...) after a warm-up, so that both see the same machine
/// conditions, and reports their medians and the ratio.
/// </summary>
internal static class Interleaved
{
    public static Comparison Measure(string contender, Action runContender, string baseline, Action runBaseline, int iterations)
    {
        for (var i = 0; i < 3; i++)
        {
            runContender();
            runBaseline();
        }

        var a = new double[iterations];
        var b = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            // Alternate who goes first, so neither always runs on a warmer cache.
            if (i % 2 == 0)
            {
                a[i] = Time(runContender);
                b[i] = Time(runBaseline);
            }
            else
            {
                b[i] = Time(runBaseline);
                a[i] = Time(runContender);
            }
        }

        return new Comparison(contender, Percentile(a, 0.5), Percentile(a, 0.95), baseline, Percentile(b, 0.5), Percentile(b, 0.95));
    }

    private static double Time(Action action)
    {
        var start = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    private static double Percentile(double[] values, double quantile)
    {
        var sorted = values.Order().ToArray();
        return sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(quantile * sorted.Length))];
    }
}

/// <summary>Medians and 95th percentiles of two contenders, and the ratio of their medians.</summary>
internal sealed record Comparison(string Contender, double ContenderP50Ms, double ContenderP95Ms, string Baseline, double BaselineP50Ms, double BaselineP95Ms)
{
    public double Ratio => ContenderP50Ms / BaselineP50Ms;
}
