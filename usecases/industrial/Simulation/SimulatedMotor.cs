namespace Vedliot.UseCases.Industrial.Simulation;

/// <summary>
/// A motor's vibration at its bearing housing, sample by sample: X and Y radial, Z axial, in g. Its condition and
/// severity may change between calls (a fault switched on mid-run); phases, speed and resonances run on.
/// </summary>
/// <remarks>
/// <para>Shaft speed f<sub>r</sub>(t) = f<sub>0</sub>·(1 + v·sin(2πt/T + φ)); the shaft angle θ is its integral, so every
/// order-locked component follows the speed as it varies.</para>
/// <para>Healthy baseline: residual imbalance at 1× (and a little 2×), magnetic hum at twice a 50 Hz line
/// frequency, broadband machine noise shaped by a structural resonance, and white sensor noise.</para>
/// <para>Shaft faults, after the spectral signatures of Scheffer &amp; Girdhar, "Practical Machinery Vibration Analysis and
/// Predictive Maintenance" (Elsevier, 2004), ch. 5, and ISO 13373-3:2015 (Annex A): imbalance is a radial 1× whose
/// amplitude grows with the centrifugal force, ∝ f<sub>r</sub>² (X and Y 90° apart); misalignment is a radial 2× with
/// 1×, and an axial 1× and 2× of similar size; mechanical looseness is a series of harmonics up to 10× with
/// half-order sub-harmonics (0.5×, 1.5×, …).</para>
/// <para>Bearing faults, after Randall &amp; Antoni (MSSP 25(2), 2011, §2): each ball passing a spall strikes, and the impact
/// rings the housing's resonance (<see cref="Resonator"/>). Strikes come at BPFO (outer race) or BPFI (inner race)
/// of <see cref="BearingGeometry"/>, with 1–2 % random slip between strikes and a steady cage slip below 1.5 %. An
/// outer-race spall sits in the load zone, so its strikes are even; an inner-race spall turns with the shaft through
/// the load zone, so its strikes are amplitude-modulated at 1× by the load distribution q(ψ) = q<sub>max</sub>·(cos ψ)<sup>3/2</sup>
/// for |ψ| &lt; 90° (Harris, "Rolling Bearing Analysis", 4th ed., 2001, §7.2, with load-distribution factor ε = 0.5).</para>
/// </remarks>
public sealed class SimulatedMotor
{
    /// <summary>Shaft frequency at which the nominal amplitudes below hold (1,500 rpm).</summary>
    private const double ReferenceShaftHz = 25;
    private const double ImbalanceG = 0.25;
    private const double MisalignmentG = 0.2;
    private const double LoosenessG = 0.12;
    private const double OuterRaceStrikeG = 0.6;
    private const double InnerRaceStrikeG = 0.8;
    private const double HumHz = 100;
    private const int LoosenessHarmonics = 10;

    private readonly MotorScenario _scenario;
    private readonly int _rate;
    private readonly GaussianRandom _random;
    private readonly Resonator _bearingRinging;
    private readonly Resonator _structure;
    private readonly double _structureInputGain;
    private readonly double _residualG;
    private readonly double _humG;
    private readonly double _cageSlip;
    private readonly double[] _phases;
    private readonly double[] _loosenessWeights;
    private double _seconds;
    private double _shaftAngle;
    private double _cageAngle;
    private double _nextOuterPass;
    private double _nextInnerPass;

    /// <summary>Starts a run.</summary>
    /// <param name="scenario">The run; validated here.</param>
    /// <param name="sampleRateHz">Samples per second, 1,000–100,000.</param>
    /// <exception cref="ArgumentOutOfRangeException">The scenario or the rate is out of range.</exception>
    public SimulatedMotor(MotorScenario scenario, int sampleRateHz)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRateHz, 1000);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sampleRateHz, 100_000);
        scenario.Validate(sampleRateHz);
        _scenario = scenario;
        _rate = sampleRateHz;
        Condition = scenario.Condition;
        Severity = scenario.Severity;
        _random = new GaussianRandom(scenario.Seed);
        _bearingRinging = new Resonator(scenario.ResonanceHz, scenario.ResonanceDamping, sampleRateHz);
        const double StructureDamping = 0.1;
        _structure = new Resonator(0.55 * scenario.ResonanceHz, StructureDamping, sampleRateHz);

        // White noise through the resonator, scaled so that the machine noise has about half the sensor noise's spread.
        var r = Math.Exp(-StructureDamping * 2 * Math.PI * 0.55 * scenario.ResonanceHz / sampleRateHz);
        _structureInputGain = 0.5 * Math.Sqrt(2 * (1 - (r * r))) / Math.Sin(2 * Math.PI * 0.55 * scenario.ResonanceHz / sampleRateHz);
        _residualG = _random.Uniform(0.005, 0.03);
        _humG = _random.Uniform(0.002, 0.01);
        _cageSlip = _random.Uniform(0, 0.015);
        _phases = [.. Enumerable.Range(0, 8 + (2 * LoosenessHarmonics)).Select(_ => _random.Phase())];
        _loosenessWeights = [.. Enumerable.Range(1, LoosenessHarmonics).Select(h => _random.Uniform(0.5, 1.0) / Math.Sqrt(h))];
        _nextOuterPass = _random.Uniform(0, 1);
        _nextInnerPass = _random.Uniform(0, 1);
    }

    /// <summary>The fault present from the next sample on.</summary>
    public MotorCondition Condition { get; set; }

    /// <summary>The fault's severity from the next sample on (see <see cref="MotorScenario.Severity"/>).</summary>
    public double Severity { get; set; }

    /// <summary>The mean shaft speed over the samples of the last <see cref="Next"/>, rpm (what a tachometer would report).</summary>
    public double LastMeanRpm { get; private set; }

    /// <summary>The next <paramref name="samples"/> samples of the three axes.</summary>
    /// <param name="samples">How many, 1–10,000,000.</param>
    /// <returns>The trace at this motor's sample rate.</returns>
    public AccelerationTrace Next(int samples)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(samples, 10_000_000);
        var x = new float[samples];
        var y = new float[samples];
        var z = new float[samples];
        var dt = 1.0 / _rate;
        var baseHz = _scenario.Rpm / 60;
        var bearing = _scenario.Bearing;
        var rpmSum = 0.0;
        for (var k = 0; k < samples; k++)
        {
            var shaftHz = baseHz * (1 + (_scenario.SpeedVariation * Math.Sin((2 * Math.PI * _seconds / _scenario.SpeedVariationPeriodSeconds) + _phases[0])));
            rpmSum += shaftHz * 60;
            _shaftAngle += 2 * Math.PI * shaftHz * dt;
            _cageAngle += 2 * Math.PI * shaftHz * bearing.FtfOrder * (1 - _cageSlip) * dt;
            _seconds += dt;

            var speed = shaftHz / ReferenceShaftHz;
            var (rx, ry, rz) = ShaftComponents(speed);
            var ringing = _bearingRinging.Next(Strike(speed, bearing.RollingElements));
            var machine = _structure.Next(_structureInputGain * _scenario.NoiseG * _random.Normal());
            var hum = _humG * Math.Sin((2 * Math.PI * HumHz * _seconds) + _phases[1]);
            x[k] = (float)(rx + ringing + machine + hum + (_scenario.NoiseG * _random.Normal()));
            y[k] = (float)(ry + (0.6 * ringing) + (0.7 * machine) + (0.5 * hum) + (_scenario.NoiseG * _random.Normal()));
            z[k] = (float)(rz + (0.3 * ringing) + (0.5 * machine) + (_scenario.NoiseG * _random.Normal()));
        }

        LastMeanRpm = rpmSum / samples;
        return new AccelerationTrace(_rate, x, y, z);
    }

    /// <summary>The order-locked components: residual imbalance and the shaft faults.</summary>
    private (double X, double Y, double Z) ShaftComponents(double speed)
    {
        var theta = _shaftAngle;
        var residual = _residualG * speed * speed;
        var x = (residual * Math.Sin(theta + _phases[2])) + (0.3 * residual * Math.Sin((2 * theta) + _phases[3]));
        var y = residual * Math.Cos(theta + _phases[2]);
        var z = 0.1 * residual * Math.Sin(theta + _phases[2]);
        var s = Severity;
        switch (Condition)
        {
            case MotorCondition.Imbalance:
                var a = ImbalanceG * s * speed * speed;
                x += a * Math.Sin(theta + _phases[4]);
                y += a * Math.Cos(theta + _phases[4]);
                z += 0.1 * a * Math.Sin(theta + _phases[4]);
                break;
            case MotorCondition.Misalignment:
                var m = MisalignmentG * s * speed;
                x += (m * Math.Sin((2 * theta) + _phases[5])) + (0.5 * m * Math.Sin(theta + _phases[6]));
                y += (0.8 * m * Math.Cos((2 * theta) + _phases[5])) + (0.4 * m * Math.Cos(theta + _phases[6]));
                z += (0.8 * m * Math.Sin(theta + _phases[6] + Math.PI)) + (0.6 * m * Math.Sin((2 * theta) + _phases[5]));
                break;
            case MotorCondition.Looseness:
                var l = LoosenessG * s * speed;
                for (var h = 1; h <= LoosenessHarmonics; h++)
                {
                    var harmonic = l * _loosenessWeights[h - 1] * Math.Sin((h * theta) + _phases[6 + h]);
                    var subHarmonic = 0.35 * l * _loosenessWeights[h - 1] * Math.Sin(((h - 0.5) * theta) + _phases[6 + LoosenessHarmonics + h]);
                    x += harmonic + subHarmonic;
                    y += 0.5 * (harmonic + subHarmonic);
                }

                break;
            default:
                break;
        }

        return (x, y, z);
    }

    /// <summary>The impact of a ball on the spall, if one strikes at this sample (0 otherwise).</summary>
    private double Strike(double speed, int balls)
    {
        if (Condition == MotorCondition.OuterRace)
        {
            var passes = balls * _cageAngle / (2 * Math.PI);
            if (passes >= _nextOuterPass)
            {
                _nextOuterPass += 1 + (0.01 * _random.Normal());
                return OuterRaceStrikeG * Severity * speed * (1 + (0.1 * _random.Normal()));
            }
        }
        else if (Condition == MotorCondition.InnerRace)
        {
            var passes = balls * (_shaftAngle - _cageAngle) / (2 * Math.PI);
            if (passes >= _nextInnerPass)
            {
                _nextInnerPass += 1 + (0.01 * _random.Normal());
                var load = Math.Max(0, Math.Cos(_shaftAngle + _phases[7]));
                return InnerRaceStrikeG * Severity * speed * Math.Pow(load, 1.5) * (1 + (0.1 * _random.Normal()));
            }
        }
        else
        {
            // Keep the pass counters level with the angles, so that a fault switched on later strikes at its rate at once.
            _nextOuterPass = Math.Max(_nextOuterPass, Math.Ceiling(balls * _cageAngle / (2 * Math.PI)));
            _nextInnerPass = Math.Max(_nextInnerPass, Math.Ceiling(balls * (_shaftAngle - _cageAngle) / (2 * Math.PI)));
        }

        return 0;
    }
}
