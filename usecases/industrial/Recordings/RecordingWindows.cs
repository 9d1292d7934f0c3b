using Vedliot.Signals;
using Vedliot.UseCases.Industrial.Model;

namespace Vedliot.UseCases.Industrial.Recordings;

/// <summary>A recording's radial axis resampled to the model's rate and cut into whole, non-overlapping one-second windows.</summary>
internal static class RecordingWindows
{
    /// <summary>The windows of <paramref name="trace"/>; what is left after the last whole window is dropped.</summary>
    /// <exception cref="InvalidDataException">The recording is shorter than one window (the message names <paramref name="path"/>).</exception>
    public static float[][] Cut(AccelerationTrace trace, string path)
    {
        var samples = SincResampler.Resample(trace.X, trace.SampleRateHz, MotorModelDesign.SampleRateHz);
        var count = samples.Length / MotorModelDesign.WindowSamples;
        if (count == 0)
        {
            throw new InvalidDataException($"{path}: {trace.Duration.TotalSeconds:0.###} s of samples; the model reads whole windows of {(double)MotorModelDesign.WindowSamples / MotorModelDesign.SampleRateHz:0.###} s");
        }

        return [.. Enumerable.Range(0, count).Select(w => samples.AsSpan(w * MotorModelDesign.WindowSamples, MotorModelDesign.WindowSamples).ToArray())];
    }
}
