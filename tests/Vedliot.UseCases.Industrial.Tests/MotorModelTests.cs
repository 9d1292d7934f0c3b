using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Vedliot.UseCases.Industrial.Model;
using Vedliot.UseCases.Industrial.Simulation;
using Xunit.Abstractions;

namespace Vedliot.UseCases.Industrial.Tests;

[Collection(TrainedModelGroup.Name)]
public sealed class MotorModelTests(TrainedModelFixture model, ITestOutputHelper output)
{
    /// <summary>Largest difference allowed between ONNX Runtime's float32 scores and the trainer's double ones.</summary>
    private const double ScoreTolerance = 1e-3;

    [Fact]
    public void Held_out_accuracy_outside_every_training_range_is_at_least_95_percent()
    {
        output.WriteLine(MotorModelCache.Report(model.Trained));
        Assert.True(model.Trained.HeldOut.Total == 6 * new TrainingSettings().HeldOutRunsPerCondition);
        Assert.True(model.Trained.HeldOut.Accuracy >= 0.95, model.Trained.HeldOut.Render());
    }

    [Fact]
    public void ONNX_Runtime_scores_equal_the_trainers_on_a_test_set()
    {
        var windows = SimulatedWindow.Make(ScenarioRanges.HeldOut.Draw(10, seed: 4242));
        using var session = new InferenceSession(model.ModelPath);
        var worst = 0.0;
        var agree = 0;
        foreach (var window in windows)
        {
            using var results = session.Run(
            [
                NamedOnnxValue.CreateFromTensor(MotorModelGraph.VibrationInput, new DenseTensor<float>(window.Samples, [1, MotorModelDesign.WindowSamples])),
                NamedOnnxValue.CreateFromTensor(MotorModelGraph.RpmInput, new DenseTensor<float>(new[] { window.Rpm }, [1, 1])),
            ]);
            var onnx = results.Single(r => r.Name == MotorModelGraph.ScoresOutput).AsEnumerable<float>().ToArray();
            var trainer = model.Trained.Classifier.Scores(window.Features);
            Assert.Equal(MotorConditions.All.Count, onnx.Length);
            worst = Math.Max(worst, onnx.Zip(trainer, (a, b) => Math.Abs(a - b)).Max());
            agree += MotorModelTrainer.Predicted([.. onnx.Select(s => (double)s)]) == MotorModelTrainer.Predicted(trainer) ? 1 : 0;
        }

        output.WriteLine($"largest score difference ONNX Runtime vs trainer over {windows.Length} windows: {worst:E2}");
        Assert.True(worst <= ScoreTolerance, $"largest difference {worst}");
        Assert.Equal(windows.Length, agree);
    }
}
