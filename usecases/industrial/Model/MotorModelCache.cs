using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Vedliot.UseCases.Industrial.Model;

/// <summary>
/// The trained model on disk: <c>motor-condition.onnx</c> in the models folder, with the digest of what made it
/// (<see cref="TrainingRevision"/>, the design constants and the <see cref="TrainingSettings"/>) and the report of its
/// training beside it. A model whose digest matches is reused; any other is trained again and replaced.
/// </summary>
internal static class MotorModelCache
{
    /// <summary>The model's file name, as the manifest names it (<c>models:industrial/motor-condition.onnx</c>).</summary>
    public const string FileName = "motor-condition.onnx";

    /// <summary>Raised whenever the simulator, the features, the graph or the trainer change what they make.</summary>
    public const int TrainingRevision = 1;

    private const string DigestFile = "motor-condition.digest";
    private const string ReportFile = "motor-condition.report.txt";

    /// <summary>The digest of what makes the model: its first 16 hex digits name the model's version.</summary>
    public static string Digest(TrainingSettings settings)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"revision {TrainingRevision}; rate {MotorModelDesign.SampleRateHz}; window {MotorModelDesign.WindowSamples}; grid {MotorModelDesign.GridFirstOrder}+{MotorModelDesign.GridStep}x{MotorModelDesign.GridPoints}; bands {MotorModelDesign.FirstBandOrder}+{MotorModelDesign.BandStep}x{MotorModelDesign.Bands}; settings {JsonSerializer.Serialize(settings)}");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>Trains the model unless <paramref name="directory"/> holds one of the same digest.</summary>
    /// <param name="directory">Where the model lives (created if missing).</param>
    /// <param name="settings">How to train.</param>
    /// <param name="log">Where to say what happens (lines).</param>
    /// <returns>The model's path and the report of its training.</returns>
    /// <exception cref="IOException">The folder cannot be written.</exception>
    public static (string Path, string Report) Ensure(string directory, TrainingSettings settings, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(log);
        var digest = Digest(settings);
        var model = Path.Combine(directory, FileName);
        var digestPath = Path.Combine(directory, DigestFile);
        var reportPath = Path.Combine(directory, ReportFile);
        if (File.Exists(model) && File.Exists(reportPath) && File.Exists(digestPath) && File.ReadAllText(digestPath).Trim() == digest)
        {
            log.WriteLine($"industrial: reusing the trained model {model} (digest {digest[..16]})");
            return (model, File.ReadAllText(reportPath));
        }

        log.WriteLine($"industrial: training the motor-condition model (digest {digest[..16]}; {settings.TrainingRunsPerCondition} simulated windows per condition, {settings.Epochs} epochs) into {model}");
        var trained = MotorModelTrainer.Train(settings);
        var report = Report(trained);
        Directory.CreateDirectory(directory);
        WriteAtomically(model, MotorModelGraph.Write(trained.Classifier, digest[..16]));
        WriteAtomically(reportPath, Encoding.UTF8.GetBytes(report));
        WriteAtomically(digestPath, Encoding.UTF8.GetBytes(digest + "\n"));
        return (model, report);
    }

    /// <summary>The training's times, training accuracy and held-out confusion matrix, as text.</summary>
    public static string Report(TrainedMotorModel trained)
    {
        ArgumentNullException.ThrowIfNull(trained);
        var total = trained.Simulating + trained.Fitting + trained.Evaluating;
        return string.Create(CultureInfo.InvariantCulture, $"""
            trained in {total.TotalSeconds:0.0} s on {Environment.ProcessorCount} cores (simulating and features {trained.Simulating.TotalSeconds:0.0} s, fitting {trained.Fitting.TotalSeconds:0.0} s, held-out set {trained.Evaluating.TotalSeconds:0.0} s); training-set accuracy {trained.TrainingAccuracy:P2}
            held-out simulated set (speeds, noise and severities outside the training ranges):
            {trained.HeldOut.Render()}

            """);
    }

    private static void WriteAtomically(string path, byte[] bytes)
    {
        var temporary = path + ".partial";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }
}
