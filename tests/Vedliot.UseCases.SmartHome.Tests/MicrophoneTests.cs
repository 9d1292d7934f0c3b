using Vedliot.Testing;

namespace Vedliot.UseCases.SmartHome.Tests;

/// <summary>The microphone through the real arecord, on a machine without a sound card: it fails clearly, and at once.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class MicrophoneTests
{
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(60);

    private static async Task<MicrophoneException> FailureAsync(string device, string command = "arecord", TimeSpan? firstAudioTimeout = null)
    {
        using var safety = new CancellationTokenSource(Safety);
        return await Assert.ThrowsAsync<MicrophoneException>(async () =>
        {
            await foreach (var buffer in Microphone.ReadAsync(device, firstAudioTimeout ?? TimeSpan.FromSeconds(5), command, safety.Token))
            {
                Assert.Fail($"{buffer.Length} samples from a machine without a sound card");
            }
        });
    }

    [Theory]
    [InlineData("default")]
    [InlineData("hw:9,0")]
    public async Task Without_a_sound_card_reading_fails_with_what_arecord_said(string device)
    {
        var error = await FailureAsync(device);

        Assert.StartsWith($"'arecord -D {device}' stopped (exit code 1): arecord: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("audio open error", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_arecord_is_named_with_the_script_that_installs_it()
    {
        var error = await FailureAsync("default", "/nonexistent/arecord");

        Assert.Contains("'/nonexistent/arecord' could not be run", error.Message, StringComparison.Ordinal);
        Assert.Contains("./eng/bootstrap.sh", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_device_that_gives_no_audio_in_time_is_reported_not_waited_on()
    {
        // A stand-in for arecord that takes its arguments and never writes, as a capture device that never delivers.
        using var folder = new TempDirectory();
        var silent = folder.File("silent-arecord");
        await File.WriteAllTextAsync(silent, "#!/bin/sh\nexec sleep 600\n");
        File.SetUnixFileMode(silent, UnixFileMode.UserRead | UnixFileMode.UserExecute);

        var error = await FailureAsync("default", silent, TimeSpan.FromMilliseconds(300));

        Assert.Equal($"'{silent} -D default' gave no audio within 0.3 s", error.Message);
    }
}
