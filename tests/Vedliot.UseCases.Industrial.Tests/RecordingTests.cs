using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Vedliot.Testing;
using Vedliot.UseCases.Industrial.Model;
using Vedliot.UseCases.Industrial.Recordings;
using Vedliot.UseCases.Industrial.Simulation;

namespace Vedliot.UseCases.Industrial.Tests;

[Collection(TrainedModelGroup.Name)]
public sealed class RecordingTests(TrainedModelFixture model)
{
    private const double Rpm = 1620;

    [Theory]
    [InlineData("outer.wav", MotorCondition.OuterRace, 8000, 3)]
    [InlineData("imbalance.wav", MotorCondition.Imbalance, 4000, 1)]
    [InlineData("misaligned.csv", MotorCondition.Misalignment, 5000, 1)]
    [InlineData("loose.csv", MotorCondition.Looseness, 6000, 3)]
    public void A_recording_at_its_own_rate_is_resampled_windowed_and_classified_as_simulated(string name, MotorCondition condition, int rate, int channels)
    {
        using var folder = new TempDirectory();
        var motor = new SimulatedMotor(new MotorScenario(Rpm, condition, 0.8, 0.02, Seed: 77) { SpeedVariation = 0 }, rate);
        motor.Next(rate / 4);
        var trace = motor.Next(3 * rate);
        var path = folder.File(name);
        if (name.EndsWith(".wav", StringComparison.Ordinal))
        {
            File.WriteAllBytes(path, RecordingFiles.Wav(channels == 3 ? [trace.X, trace.Y!, trace.Z!] : [trace.X], rate, asFloat: channels == 3));
        }
        else
        {
            File.WriteAllText(path, RecordingFiles.Csv(trace, threeAxes: channels == 3));
        }

        var read = VibrationRecording.Read(path);
        Assert.Equal(rate, read.SampleRateHz);
        Assert.Equal(channels == 3, read.Z is not null);
        var windows = RecordingWindows.Cut(read, path);
        Assert.Equal(3, windows.Length);

        using var session = new InferenceSession(model.ModelPath);
        foreach (var window in windows)
        {
            using var results = session.Run(
            [
                NamedOnnxValue.CreateFromTensor(MotorModelGraph.VibrationInput, new DenseTensor<float>(window, [1, window.Length])),
                NamedOnnxValue.CreateFromTensor(MotorModelGraph.RpmInput, new DenseTensor<float>(new[] { (float)Rpm }, [1, 1])),
            ]);
            var scores = results.Single().AsEnumerable<float>().Select(s => (double)s).ToArray();
            Assert.Equal(condition, MotorModelTrainer.Predicted(scores));
        }
    }

    public static TheoryData<string, string, string> BadRecordings => new()
    {
        { "slow.csv", "t,ax\n0,0\n0.0005,0\n0.001,0\n", "sampled at 2000 Hz; recordings are read at 4000–100000 Hz" },
        { "uneven.csv", "0,0\n0.0001,0\n0.0003,0\n", "row 2 of samples is 0.0001 s after the one before; samples must be evenly spaced" },
        { "fields.csv", "0,0,1\n", "3 fields; every row is t,ax or t,ax,ay,az" },
        { "text.csv", "t,ax\n0,abc\n", ":2: field 2 'abc' is not a finite number" },
        { "short.csv", "0,0\n0.0001,0\n", "the model reads whole windows of 1 s" },
        { "stereo.wav", string.Empty, "2 channels; a vibration WAV holds 1 (radial) or 3" },
        { "motor.mp3", "x", "recordings are .wav or .csv files, not '.mp3'" },
    };

    [Theory]
    [MemberData(nameof(BadRecordings))]
    public void A_bad_recording_is_refused_naming_the_file_and_the_reason(string name, string content, string problem)
    {
        using var folder = new TempDirectory();
        var path = folder.File(name);
        if (name == "stereo.wav")
        {
            File.WriteAllBytes(path, RecordingFiles.Wav([new float[8000], new float[8000]], 8000, asFloat: true));
        }
        else
        {
            File.WriteAllText(path, content);
        }

        var error = Assert.Throws<InvalidDataException>(() => RecordingWindows.Cut(VibrationRecording.Read(path), path));
        Assert.StartsWith(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_gives_its_recordings_in_name_order_and_an_empty_one_is_refused()
    {
        using var folder = new TempDirectory();
        Assert.Throws<InvalidDataException>(() => RecordingReport.Files(folder.Path));
        File.WriteAllText(folder.File("b.csv"), string.Empty);
        File.WriteAllText(folder.File("a.WAV"), string.Empty);
        File.WriteAllText(folder.File("notes.txt"), string.Empty);
        Assert.Equal([folder.File("a.WAV"), folder.File("b.csv")], RecordingReport.Files(folder.Path));
    }
}
