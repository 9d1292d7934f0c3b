using System.Buffers.Binary;
using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Vedliot.UseCases.SmartHome;

/// <summary>
/// A live ALSA microphone read through alsa-utils' <c>arecord</c> (a child process writing 16 kHz, 16-bit mono raw
/// PCM to its standard output), as the buffers <see cref="SmartHomeApp.DetectAsync(IAsyncEnumerable{ReadOnlyMemory{float}}, CancellationToken)"/> takes.
/// </summary>
public static class Microphone
{
    /// <summary>What installs arecord.</summary>
    public const string BootstrapScript = SpeechSample.BootstrapScript;

    /// <summary>Samples per read: one 80 ms chunk.</summary>
    private const int ReadSamples = WakeWordFeatures.ChunkSamples;

    /// <summary>
    /// The microphone's audio until <paramref name="cancellationToken"/> stops it (arecord is then killed), in int16
    /// scale at 16 kHz.
    /// </summary>
    /// <param name="device">The ALSA capture device (<c>arecord -D</c>), e.g. <c>default</c> or <c>plughw:1,0</c>.</param>
    /// <param name="firstAudioTimeout">Longest wait for the first audio: 1 ms – 1 min.</param>
    /// <param name="command">The arecord command, found on PATH unless a path is given.</param>
    /// <param name="cancellationToken">Stops recording.</param>
    /// <returns>Buffers of up to 80 ms of audio, in order.</returns>
    /// <exception cref="MicrophoneException">arecord cannot be run, exits (no such device, no permission: its message is kept), or gives no audio in time.</exception>
    public static async IAsyncEnumerable<ReadOnlyMemory<float>> ReadAsync(string device, TimeSpan firstAudioTimeout, string command = "arecord", [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(device);
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        ArgumentOutOfRangeException.ThrowIfLessThan(firstAudioTimeout, TimeSpan.FromMilliseconds(1));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstAudioTimeout, TimeSpan.FromMinutes(1));
        using var process = Start(command, device);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            var stream = process.StandardOutput.BaseStream;
            var bytes = new byte[ReadSamples * 2];
            var first = true;
            while (true)
            {
                int read;
                using (var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    if (first)
                    {
                        wait.CancelAfter(firstAudioTimeout);
                    }

                    try
                    {
                        read = await stream.ReadAtLeastAsync(bytes, bytes.Length, throwOnEndOfStream: false, wait.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        throw new MicrophoneException($"'{command} -D {device}' gave no audio within {firstAudioTimeout.TotalSeconds:0.###} s");
                    }
                }

                if (read < 2)
                {
                    await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                    var said = (await stderr.ConfigureAwait(false)).Trim().Split('\n').LastOrDefault(l => l.Length > 0) ?? "it said nothing";
                    throw new MicrophoneException($"'{command} -D {device}' stopped (exit code {process.ExitCode}): {said}");
                }

                first = false;
                var samples = new float[read / 2];
                for (var i = 0; i < samples.Length; i++)
                {
                    samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(2 * i));
                }

                yield return samples;
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static Process Start(string command, string device)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-q", "-D", device, "-t", "raw", "-f", "S16_LE", "-c", "1", "-r", $"{WakeWordFeatures.SampleRateHz}" })
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            return Process.Start(start) ?? throw new MicrophoneException($"'{command}' did not start");
        }
        catch (Win32Exception e)
        {
            throw new MicrophoneException($"'{command}' could not be run ({e.Message}); install alsa-utils with {BootstrapScript}", e);
        }
    }
}
