namespace Vedliot.UseCases.Industrial;

/// <summary>Acceleration in g along up to three axes at one sample rate: X and Y radial, Z axial.</summary>
/// <param name="SampleRateHz">Samples per second.</param>
/// <param name="X">Radial acceleration (the axis the model reads).</param>
/// <param name="Y">The second radial axis, when recorded.</param>
/// <param name="Z">Axial acceleration, when recorded.</param>
public sealed record AccelerationTrace(int SampleRateHz, float[] X, float[]? Y = null, float[]? Z = null)
{
    /// <summary>How long the trace lasts.</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds((double)X.Length / SampleRateHz);
}
