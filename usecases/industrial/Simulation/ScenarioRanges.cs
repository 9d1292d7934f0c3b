namespace Vedliot.UseCases.Industrial.Simulation;

/// <summary>The ranges a set of simulated runs is drawn from: speeds, noise, fault severities and resonances.</summary>
/// <param name="RpmRanges">Speed intervals (rpm), drawn from with equal weight.</param>
/// <param name="NoiseG">Sensor noise interval, g.</param>
/// <param name="Severity">Fault severity interval.</param>
public sealed record ScenarioRanges(IReadOnlyList<(double Min, double Max)> RpmRanges, (double Min, double Max) NoiseG, (double Min, double Max) Severity)
{
    /// <summary>What the model is trained on: 900–2,400 rpm, noise 0.01–0.04 g, severity 0.4–1.0.</summary>
    public static ScenarioRanges Training { get; } = new([(900, 2400)], (0.01, 0.04), (0.4, 1.0));

    /// <summary>
    /// What it is judged on, outside every training range at once: 600–900 or 2,400–3,000 rpm, noise 0.04–0.06 g,
    /// severity 1.0–1.5.
    /// </summary>
    public static ScenarioRanges HeldOut { get; } = new([(600, 900), (2400, 3000)], (0.04, 0.06), (1.0, 1.5));

    /// <summary>Draws <paramref name="perCondition"/> runs of every condition.</summary>
    /// <param name="perCondition">Runs per condition.</param>
    /// <param name="seed">Seeds the draws and, through them, every run.</param>
    /// <returns>The runs, conditions interleaved.</returns>
    public IReadOnlyList<MotorScenario> Draw(int perCondition, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perCondition, 1);
        var random = new GaussianRandom(seed);
        var runs = new List<MotorScenario>(perCondition * MotorConditions.All.Count);
        for (var i = 0; i < perCondition; i++)
        {
            foreach (var condition in MotorConditions.All)
            {
                var (min, max) = RpmRanges[(int)random.Uniform(0, RpmRanges.Count)];
                runs.Add(new MotorScenario(random.Uniform(min, max), condition, random.Uniform(Severity.Min, Severity.Max), random.Uniform(NoiseG.Min, NoiseG.Max), (int)random.Uniform(0, int.MaxValue))
                {
                    SpeedVariation = random.Uniform(0, 0.03),
                    SpeedVariationPeriodSeconds = random.Uniform(2, 10),
                    ResonanceHz = random.Uniform(1100, 1700),
                    ResonanceDamping = random.Uniform(0.02, 0.08),
                });
            }
        }

        return runs;
    }
}
