using Vedliot.Testing;
using Vedliot.UseCases.Industrial.Model;

namespace Vedliot.UseCases.Industrial.Tests;

/// <summary>Trains the model once, with the settings the demo uses, into a temporary folder, for every test that needs it.</summary>
public sealed class TrainedModelFixture : IDisposable
{
    private readonly TempDirectory _directory = new();

    public TrainedModelFixture()
    {
        Trained = MotorModelTrainer.Train(new TrainingSettings());
        ModelPath = _directory.File(MotorModelCache.FileName);
        File.WriteAllBytes(ModelPath, MotorModelGraph.Write(Trained.Classifier, "test"));
    }

    internal TrainedMotorModel Trained { get; }

    public string ModelPath { get; }

    public void Dispose() => _directory.Dispose();
}
