namespace Vedliot.UseCases.Industrial.Model;

/// <summary>
/// The fixed shape of the motor-condition model: what a window is, which orders its spectra are read at and how they
/// fold into bands. <see cref="OrderFeatures"/> computes the features this way in C#, and <see cref="MotorModelGraph"/>
/// writes the same steps as ONNX operators.
/// </summary>
internal static class MotorModelDesign
{
    /// <summary>The model's sample rate; recordings at other rates are resampled to it.</summary>
    public const int SampleRateHz = 4096;

    /// <summary>Samples per window: one second.</summary>
    public const int WindowSamples = 4096;

    /// <summary>The order grid: <see cref="GridPoints"/> orders from <see cref="GridFirstOrder"/> in steps of <see cref="GridStep"/>.</summary>
    public const double GridFirstOrder = 0.25;

    /// <summary>Step of the order grid.</summary>
    public const double GridStep = 0.05;

    /// <summary>Points of the order grid (0.25× … 12.25×).</summary>
    public const int GridPoints = 241;

    /// <summary>Band centres run from 0.5× in steps of <see cref="BandStep"/>.</summary>
    public const double FirstBandOrder = 0.5;

    /// <summary>Spacing of the triangular bands, and their half-width.</summary>
    public const double BandStep = 0.25;

    /// <summary>Bands per spectrum (0.5× … 12×).</summary>
    public const int Bands = 47;

    /// <summary>Two spectra per window: the acceleration's and its envelope's.</summary>
    public const int Spectra = 2;

    /// <summary>Features per window.</summary>
    public const int FeatureCount = Spectra * Bands;

    /// <summary>Added to band energies before the logarithm (g² · samples², far below any noise floor).</summary>
    public const double Epsilon = 1e-6;

    /// <summary>The order of grid point <paramref name="k"/>.</summary>
    public static double GridOrder(int k) => GridFirstOrder + (GridStep * k);

    /// <summary>The periodic Hann window of <see cref="WindowSamples"/>.</summary>
    public static double[] Hann() => [.. Enumerable.Range(0, WindowSamples).Select(n => 0.5 - (0.5 * Math.Cos(2 * Math.PI * n / WindowSamples)))];

    /// <summary>The triangular filter bank [<see cref="GridPoints"/>, <see cref="Bands"/>]: band m weighs order o by max(0, 1 − |o − c<sub>m</sub>|/<see cref="BandStep"/>).</summary>
    public static double[,] FilterBank()
    {
        var bank = new double[GridPoints, Bands];
        for (var k = 0; k < GridPoints; k++)
        {
            for (var m = 0; m < Bands; m++)
            {
                var centre = FirstBandOrder + (BandStep * m);
                bank[k, m] = Math.Max(0, 1 - (Math.Abs(GridOrder(k) - centre) / BandStep));
            }
        }

        return bank;
    }
}
