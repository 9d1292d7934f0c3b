namespace Vedliot.UseCases.Industrial.Simulation;

/// <summary>One simulated motor run: its speed, condition, fault severity, noise and structure.</summary>
/// <param name="Rpm">Mean shaft speed, revolutions per minute (60–12,000).</param>
/// <param name="Condition">The fault present (or none).</param>
/// <param name="Severity">Fault amplitude relative to the nominal fault (0–10); unused when healthy.</param>
/// <param name="NoiseG">Standard deviation of the accelerometer's white noise, g (0–1).</param>
/// <param name="Seed">Seeds every random draw of the run (phases, slip, noise).</param>
public sealed record MotorScenario(double Rpm, MotorCondition Condition, double Severity, double NoiseG, int Seed)
{
    /// <summary>Peak speed variation within the run as a fraction of <see cref="Rpm"/> (a load or supply swing); 0–0.2, default 0.02.</summary>
    public double SpeedVariation { get; init; } = 0.02;

    /// <summary>Period of the speed variation, seconds (0.5–600), default 5.</summary>
    public double SpeedVariationPeriodSeconds { get; init; } = 5;

    /// <summary>Natural frequency of the bearing housing's resonance that impacts excite, Hz; default 1,400.</summary>
    public double ResonanceHz { get; init; } = 1400;

    /// <summary>Damping ratio of that resonance (0.005–0.5), default 0.04.</summary>
    public double ResonanceDamping { get; init; } = 0.04;

    /// <summary>The motor's bearing; default <see cref="BearingGeometry.Skf6205"/>.</summary>
    public BearingGeometry Bearing { get; init; } = BearingGeometry.Skf6205;

    /// <summary>Checks every value against its range.</summary>
    /// <param name="sampleRateHz">The rate the run is simulated at; the resonance must lie below its Nyquist frequency.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range; the message names it.</exception>
    public void Validate(int sampleRateHz)
    {
        Check(nameof(Rpm), Rpm, 60, 12_000);
        Check(nameof(Severity), Severity, 0, 10);
        Check(nameof(NoiseG), NoiseG, 0, 1);
        Check(nameof(SpeedVariation), SpeedVariation, 0, 0.2);
        Check(nameof(SpeedVariationPeriodSeconds), SpeedVariationPeriodSeconds, 0.5, 600);
        Check(nameof(ResonanceHz), ResonanceHz, 10, 0.45 * sampleRateHz);
        Check(nameof(ResonanceDamping), ResonanceDamping, 0.005, 0.5);
    }

    private static void Check(string name, double value, double min, double max)
    {
        if (!(value >= min && value <= max))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} {value} is outside {min}–{max}");
        }
    }
}
