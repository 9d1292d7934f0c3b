using System.Diagnostics;
using Vedliot.UseCases.Industrial.Simulation;

namespace Vedliot.UseCases.Industrial.Model;

/// <summary>
/// Makes the motor-condition model: simulates the training set (<see cref="ScenarioRanges.Training"/>), trains the
/// classifier on its features, and judges it on the held-out set (<see cref="ScenarioRanges.HeldOut"/>), whose speeds,
/// noise and severities all lie outside the training ranges.
/// </summary>
internal static class MotorModelTrainer
{
    /// <summary>Trains and evaluates.</summary>
    /// <param name="settings">Sizes, seeds and optimiser settings; validated here.</param>
    /// <returns>The classifier, its held-out confusion matrix and how long each part took.</returns>
    public static TrainedMotorModel Train(TrainingSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var clock = Stopwatch.StartNew();
        var training = SimulatedWindow.Make(ScenarioRanges.Training.Draw(settings.TrainingRunsPerCondition, settings.Seed));
        var simulated = clock.Elapsed;
        var classifier = MlpTrainer.Train([.. training.Select(w => w.Features)], [.. training.Select(w => (int)w.Condition)], MotorConditions.All.Count, settings);
        var trained = clock.Elapsed;
        var heldOut = SimulatedWindow.Make(ScenarioRanges.HeldOut.Draw(settings.HeldOutRunsPerCondition, settings.HeldOutSeed));
        var matrix = new ConfusionMatrix();
        foreach (var window in heldOut)
        {
            matrix.Add(window.Condition, Predicted(classifier.Scores(window.Features)));
        }

        var trainingMatrix = new ConfusionMatrix();
        foreach (var window in training)
        {
            trainingMatrix.Add(window.Condition, Predicted(classifier.Scores(window.Features)));
        }

        return new TrainedMotorModel(classifier, matrix, trainingMatrix.Accuracy, simulated, trained - simulated, clock.Elapsed - trained);
    }

    /// <summary>The condition with the highest score.</summary>
    public static MotorCondition Predicted(IReadOnlyList<double> scores)
    {
        var best = 0;
        for (var c = 1; c < scores.Count; c++)
        {
            best = scores[c] > scores[best] ? c : best;
        }

        return (MotorCondition)best;
    }
}
