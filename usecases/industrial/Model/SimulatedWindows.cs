using Vedliot.UseCases.Industrial.Simulation;
using static Vedliot.UseCases.Industrial.Model.MotorModelDesign;

namespace Vedliot.UseCases.Industrial.Model;

/// <summary>One simulated window per run, with its speed, its features and the condition it was made with.</summary>
/// <param name="Samples">Radial acceleration, <see cref="MotorModelDesign.WindowSamples"/> at <see cref="MotorModelDesign.SampleRateHz"/>.</param>
/// <param name="Rpm">The mean shaft speed over the window (what a tachometer reports).</param>
/// <param name="Features">Its <see cref="OrderFeatures"/>.</param>
/// <param name="Condition">The condition simulated.</param>
internal sealed record SimulatedWindow(float[] Samples, float Rpm, double[] Features, MotorCondition Condition)
{
    /// <summary>Samples simulated and dropped before each window, so the resonances have settled (a quarter second).</summary>
    private const int SettlingSamples = SampleRateHz / 4;

    /// <summary>The windows of <paramref name="runs"/>, made on every core; the same runs give the same windows.</summary>
    public static SimulatedWindow[] Make(IReadOnlyList<MotorScenario> runs)
    {
        var windows = new SimulatedWindow[runs.Count];
        Parallel.For(0, runs.Count, i =>
        {
            var motor = new SimulatedMotor(runs[i], SampleRateHz);
            motor.Next(SettlingSamples);
            var samples = motor.Next(WindowSamples).X;
            var rpm = (float)motor.LastMeanRpm;
            windows[i] = new SimulatedWindow(samples, rpm, OrderFeatures.Compute(samples, rpm), runs[i].Condition);
        });
        return windows;
    }
}
