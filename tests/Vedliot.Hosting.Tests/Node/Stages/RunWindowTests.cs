using Microsoft.ML.OnnxRuntime;
using Vedliot.Hosting.Node.Stages;
using Vedliot.Runtime.Execution;

namespace Vedliot.Hosting.Tests.Node.Stages;

public sealed class RunWindowTests
{
    private static AcceleratorRun Run(double milliseconds, double joules, FigureSource source = FigureSource.Measured, string meter = "rapl:package-0") =>
        new(Array.Empty<KeyValuePair<string, OrtValue>>(), TimeSpan.FromMilliseconds(milliseconds), source, joules, source, meter);

    [Fact]
    public void Before_any_run_the_figures_are_zero_with_the_module_s_source()
    {
        var figures = new RunWindow(10, FigureSource.Modelled).Figures();

        Assert.Equal(0, figures.LatencyP50Ms);
        Assert.Equal(0, figures.LatencyP95Ms);
        Assert.Equal(FigureSource.Modelled, figures.LatencySource);
        Assert.Equal(0, figures.EnergyPerRunJoules);
    }

    [Fact]
    public void Percentiles_are_nearest_rank_and_energy_the_mean()
    {
        var window = new RunWindow(100, FigureSource.Measured);
        for (var ms = 1; ms <= 20; ms++)
        {
            using var run = Run(ms, ms / 10.0);
            window.Add(run);
        }

        var figures = window.Figures();

        Assert.Equal(10, figures.LatencyP50Ms, 9);
        Assert.Equal(19, figures.LatencyP95Ms, 9);
        Assert.Equal(1.05, figures.EnergyPerRunJoules, 9);
        Assert.Equal("rapl:package-0", figures.EnergyMeter);
    }

    [Fact]
    public void Only_the_most_recent_runs_count_and_the_latest_sources_are_reported()
    {
        var window = new RunWindow(2, FigureSource.Measured);
        using (var old = Run(1000, 100))
        {
            window.Add(old);
        }

        using (var first = Run(2, 1, FigureSource.Modelled, "device model of npu (emulated)"))
        using (var second = Run(4, 3, FigureSource.Modelled, "device model of npu (emulated)"))
        {
            window.Add(first);
            window.Add(second);
        }

        var figures = window.Figures();

        Assert.Equal(2, figures.LatencyP50Ms, 9);
        Assert.Equal(4, figures.LatencyP95Ms, 9);
        Assert.Equal(2, figures.EnergyPerRunJoules, 9);
        Assert.Equal(FigureSource.Modelled, figures.EnergySource);
        Assert.Equal("device model of npu (emulated)", figures.EnergyMeter);
    }
}
