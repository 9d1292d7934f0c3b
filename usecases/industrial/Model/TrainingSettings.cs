namespace Vedliot.UseCases.Industrial.Model;

/// <summary>How the motor-condition model is trained; every value enters the cache digest (<see cref="MotorModelCache"/>).</summary>
public sealed record TrainingSettings
{
    /// <summary>Simulated windows per condition in the training set (10–100,000), default 500.</summary>
    public int TrainingRunsPerCondition { get; init; } = 500;

    /// <summary>Simulated windows per condition in the held-out set (10–100,000), default 200.</summary>
    public int HeldOutRunsPerCondition { get; init; } = 200;

    /// <summary>Units of the hidden layer (4–1,024), default 48.</summary>
    public int HiddenUnits { get; init; } = 48;

    /// <summary>Passes over the training set (1–10,000), default 60.</summary>
    public int Epochs { get; init; } = 60;

    /// <summary>Windows per gradient step (1–4,096), default 64.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Adam's step size at the first epoch (halved over the run, cosine), default 0.003.</summary>
    public double LearningRate { get; init; } = 0.003;

    /// <summary>L2 penalty on the weights, default 1e-4.</summary>
    public double WeightDecay { get; init; } = 1e-4;

    /// <summary>Seeds the training set's runs, the weights' initialisation and the batch order.</summary>
    public int Seed { get; init; } = 17;

    /// <summary>Seeds the held-out set's runs (disjoint from <see cref="Seed"/>'s).</summary>
    public int HeldOutSeed { get; init; } = 1017;

    /// <summary>Checks every value.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range; the message names it.</exception>
    public void Validate()
    {
        Check(nameof(TrainingRunsPerCondition), TrainingRunsPerCondition, 10, 100_000);
        Check(nameof(HeldOutRunsPerCondition), HeldOutRunsPerCondition, 10, 100_000);
        Check(nameof(HiddenUnits), HiddenUnits, 4, 1024);
        Check(nameof(Epochs), Epochs, 1, 10_000);
        Check(nameof(BatchSize), BatchSize, 1, 4096);
        if (!(LearningRate is > 0 and <= 1) || !(WeightDecay is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), $"LearningRate {LearningRate} must lie in (0, 1] and WeightDecay {WeightDecay} in [0, 1]");
        }
    }

    private static void Check(string name, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} {value} is outside {min}–{max}");
        }
    }
}
