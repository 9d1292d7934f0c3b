using System.Reflection;
using Vedliot.Pipelines.Apps;
using Vedliot.Testing;

namespace Vedliot.UseCases.SmartHome.Tests;

/// <summary>The use case's app as <c>vedliot demo smart-home</c> finds it and checks its arguments (its runs: <see cref="SmartHomeDemoRunTests"/>).</summary>
public sealed class SmartHomeDemoTests
{
    [Fact]
    public void The_assembly_names_its_app_for_the_demo()
    {
        var attribute = typeof(SmartHomeDemo).Assembly.GetCustomAttribute<UseCaseAppAttribute>();

        Assert.Equal(typeof(SmartHomeDemo), attribute?.AppType);
        Assert.IsAssignableFrom<IUseCaseApp>(Activator.CreateInstance(attribute!.AppType));
    }

    [Theory]
    [InlineData]
    [InlineData("--say", "good morning")]
    [InlineData("--say=good morning")]
    [InlineData("--say", "hey", "--say", "jarvis")]
    [InlineData("--json")]
    [InlineData("--mic")]
    [InlineData("--mic=plughw:1,0", "--json")]
    public void The_app_takes_say_and_its_text(params string[] arguments) =>
        new SmartHomeDemo().CheckArguments(arguments);

    [Fact]
    public void Wav_takes_a_file_or_a_folder_of_wav_files_and_json()
    {
        using var folder = new TempDirectory();
        var file = folder.File("one.WAV");
        File.WriteAllBytes(file, SpeechSampleTests.Wav([1, 2], sampleRateHz: 16_000));

        Assert.Equal(new SmartHomeDemoArguments("hey jarvis", file, true), SmartHomeDemoArguments.Parse(["--wav", file, "--json"]));
        Assert.Equal([file], WavFiles.Find(folder.Path));
        new SmartHomeDemo().CheckArguments([$"--wav={folder.Path}"]);
    }

    [Theory]
    [InlineData(new[] { "--shout" }, "unknown argument '--shout'; the smart-home app takes --say TEXT, --wav PATH or --mic[=DEVICE], and --json")]
    [InlineData(new[] { "--say", "hi", "there" }, "unknown argument 'there'; the smart-home app takes --say TEXT, --wav PATH or --mic[=DEVICE], and --json")]
    [InlineData(new[] { "--say" }, "--say: expected the text to say, e.g. --say \"hey jarvis\"")]
    [InlineData(new[] { "--say=" }, "--say '': expected something to say")]
    [InlineData(new[] { "--wav" }, "--wav: expected a WAV file or a folder of WAV files")]
    [InlineData(new[] { "--wav=" }, "--wav '': expected a WAV file or a folder of WAV files")]
    [InlineData(new[] { "--wav", "/nonexistent/x.wav" }, "--wav /nonexistent/x.wav: no such file or folder.")]
    [InlineData(new[] { "--say", "hi", "--wav", "/tmp" }, "--say, --wav and --mic: give one; the app listens to espeak-ng, to WAV files or to a microphone")]
    [InlineData(new[] { "--mic=" }, "--mic='': expected an ALSA capture device, e.g. --mic=plughw:1,0")]
    [InlineData(new[] { "--mic", "--say", "hi" }, "--say, --wav and --mic: give one; the app listens to espeak-ng, to WAV files or to a microphone")]
    public void The_app_refuses_other_arguments_naming_them(string[] arguments, string message)
    {
        var error = Assert.Throws<UseCaseArgumentException>(() => new SmartHomeDemo().CheckArguments(arguments));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Mic_takes_the_default_device_or_the_one_named()
    {
        Assert.Equal("default", SmartHomeDemoArguments.Parse(["--mic"]).MicrophoneDevice);
        Assert.Equal("plughw:1,0", SmartHomeDemoArguments.Parse(["--mic=plughw:1,0"]).MicrophoneDevice);
        Assert.Null(SmartHomeDemoArguments.Parse([]).MicrophoneDevice);
    }

    [Fact]
    public void A_folder_without_wav_files_is_refused_naming_it()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder.File("notes.txt"), "no audio here");

        var error = Assert.Throws<UseCaseArgumentException>(() => new SmartHomeDemo().CheckArguments(["--wav", folder.Path]));

        Assert.Equal($"--wav {folder.Path}: the folder holds no .wav file.", error.Message);
    }
}
