namespace Vedliot.UseCases.Industrial.Simulation;

/// <summary>
/// A structural resonance as a two-pole filter: y[k] = 2r·cos(ω<sub>d</sub>)·y[k−1] − r²·y[k−2] + sin(ω<sub>d</sub>)·x[k],
/// with r = exp(−ζω<sub>n</sub>/f<sub>s</sub>). Its impulse response r<sup>k</sup>·sin((k+1)ω<sub>d</sub>) is the damped
/// ringing a bearing impact excites (Randall &amp; Antoni 2011, §2: impacts excite the structure's resonances),
/// scaled so that a unit impulse rings with peak ≈ 1 g.
/// </summary>
internal sealed class Resonator
{
    private readonly double _a1;
    private readonly double _a2;
    private readonly double _gain;
    private double _y1;
    private double _y2;

    /// <summary>Creates a resonance.</summary>
    /// <param name="naturalHz">Natural frequency f<sub>n</sub>, below the Nyquist frequency.</param>
    /// <param name="damping">Damping ratio ζ, 0 &lt; ζ &lt; 1.</param>
    /// <param name="sampleRateHz">f<sub>s</sub>.</param>
    public Resonator(double naturalHz, double damping, int sampleRateHz)
    {
        var wn = 2 * Math.PI * naturalHz;
        var wd = wn * Math.Sqrt(1 - (damping * damping)) / sampleRateHz;
        var r = Math.Exp(-damping * wn / sampleRateHz);
        _a1 = 2 * r * Math.Cos(wd);
        _a2 = -r * r;
        _gain = Math.Sin(wd);
    }

    /// <summary>The response to the next input sample.</summary>
    public double Next(double input)
    {
        var y = (_a1 * _y1) + (_a2 * _y2) + (_gain * input);
        _y2 = _y1;
        _y1 = y;
        return y;
    }
}
