using static Vedliot.UseCases.Industrial.Model.MotorModelDesign;

namespace Vedliot.UseCases.Industrial.Model;

/// <summary>
/// The model's pre-processing in C#, step for step as <see cref="MotorModelGraph"/> writes it in ONNX: for a window x
/// of radial acceleration and the shaft speed f<sub>r</sub> = rpm/60,
/// <list type="number">
/// <item>two rows: the acceleration less its mean, and its envelope e = (x[n+1] − x[n])² less its mean (the squared
/// first difference lifts the resonance that bearing strikes ring and demodulates their repetition rate), each times a
/// Hann window;</item>
/// <item>each row's DFT at the orders o<sub>k</sub> of the grid — frequencies o<sub>k</sub>·f<sub>r</sub>, so the spectrum is in
/// orders of the running speed whatever the speed — and its power Re² + Im²;</item>
/// <item>triangular bands over the grid, log energy, less the mean log energy of the row (so the features describe
/// the spectrum's shape, not its level).</item>
/// </list>
/// </summary>
internal static class OrderFeatures
{
    private static readonly double[] Window = Hann();
    private static readonly double[,] Bank = FilterBank();

    /// <summary>The features of one window.</summary>
    /// <param name="window"><see cref="MotorModelDesign.WindowSamples"/> samples at <see cref="MotorModelDesign.SampleRateHz"/>, g.</param>
    /// <param name="rpm">Shaft speed over the window (rounded to float32 as the model's input is).</param>
    /// <returns><see cref="MotorModelDesign.FeatureCount"/> values: the acceleration's bands, then the envelope's.</returns>
    public static double[] Compute(ReadOnlySpan<float> window, float rpm)
    {
        if (window.Length != WindowSamples)
        {
            throw new ArgumentException($"a window holds {WindowSamples} samples, not {window.Length}", nameof(window));
        }

        var rows = new double[Spectra][];
        rows[0] = Centred([.. window.ToArray().Select(v => (double)v)]);
        var envelope = new double[WindowSamples];
        for (var n = 0; n + 1 < WindowSamples; n++)
        {
            var d = (double)window[n + 1] - window[n];
            envelope[n] = d * d;
        }

        rows[1] = Centred(envelope);
        var features = new double[FeatureCount];
        var hz = (double)(rpm / 60f);
        for (var r = 0; r < Spectra; r++)
        {
            var power = Power(rows[r], hz);
            var logs = new double[Bands];
            for (var m = 0; m < Bands; m++)
            {
                var energy = 0.0;
                for (var k = 0; k < GridPoints; k++)
                {
                    energy += Bank[k, m] * power[k];
                }

                logs[m] = Math.Log(energy + Epsilon);
            }

            var mean = logs.Average();
            for (var m = 0; m < Bands; m++)
            {
                features[(r * Bands) + m] = logs[m] - mean;
            }
        }

        return features;
    }

    private static double[] Centred(double[] row)
    {
        var mean = row.Average();
        for (var n = 0; n < row.Length; n++)
        {
            row[n] = (row[n] - mean) * Window[n];
        }

        return row;
    }

    /// <summary>Re² + Im² of the row's DFT at every grid order, by a rotating phasor per order (exact to ~1e-12 over a window).</summary>
    private static double[] Power(double[] row, double shaftHz)
    {
        var re = new double[GridPoints];
        var im = new double[GridPoints];
        var cos = new double[GridPoints];
        var sin = new double[GridPoints];
        var stepCos = new double[GridPoints];
        var stepSin = new double[GridPoints];
        for (var k = 0; k < GridPoints; k++)
        {
            var omega = 2 * Math.PI * shaftHz * GridOrder(k) / SampleRateHz;
            (stepSin[k], stepCos[k]) = Math.SinCos(omega);
            cos[k] = 1;
        }

        for (var n = 0; n < row.Length; n++)
        {
            var v = row[n];
            for (var k = 0; k < GridPoints; k++)
            {
                re[k] += v * cos[k];
                im[k] += v * sin[k];
                var c = (cos[k] * stepCos[k]) - (sin[k] * stepSin[k]);
                sin[k] = (sin[k] * stepCos[k]) + (cos[k] * stepSin[k]);
                cos[k] = c;
            }
        }

        var power = new double[GridPoints];
        for (var k = 0; k < GridPoints; k++)
        {
            power[k] = (re[k] * re[k]) + (im[k] * im[k]);
        }

        return power;
    }
}
