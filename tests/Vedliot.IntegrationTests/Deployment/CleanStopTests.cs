using System.Diagnostics;
using System.Globalization;
using Vedliot.Testing;

namespace Vedliot.IntegrationTests.Deployment;

/// <summary>
/// The <c>vedliot</c> process started as users start it, then signalled alone, by its PID (as <c>kill</c>, <c>timeout</c>,
/// systemd or an IDE would): what it started (broker, TPM simulators, node agents) must all stop and its run folder go,
/// whether it cleans up itself (SIGTERM, SIGINT, SIGHUP) or dies without a chance to (SIGKILL, then its reaper does).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class CleanStopTests
{
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(180);

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    [InlineData("HUP")]
    public async Task A_signal_to_the_cli_alone_stops_every_child_and_removes_the_run_folder(string signal)
    {
        using var timeout = new CancellationTokenSource(Safety);
        using var temp = new TempDirectory();
        using var cli = await StartDemoAsync(temp.Path, timeout.Token);
        var run = RunFolder(temp.Path);
        Assert.NotEmpty(ProcessesNaming(run));
        AssertPrivate(run);

        Signal(cli.Id, signal);
        await cli.WaitForExitAsync(timeout.Token);

        Assert.Equal(130, cli.ExitCode);
        Assert.Empty(ProcessesNaming(run));
        Assert.False(Directory.Exists(run), $"{run} is left behind");
    }

    [Fact]
    public async Task When_the_cli_is_killed_its_reaper_stops_every_child_and_removes_the_run_folder()
    {
        using var timeout = new CancellationTokenSource(Safety);
        using var temp = new TempDirectory();
        using var cli = await StartDemoAsync(temp.Path, timeout.Token);
        var run = RunFolder(temp.Path);
        Assert.NotEmpty(ProcessesNaming(run));

        Signal(cli.Id, "KILL");
        await cli.WaitForExitAsync(timeout.Token);
        var killed = Stopwatch.GetTimestamp();

        // The reaper signals within about 3 s; allow a loaded machine more before calling it a leak.
        while ((ProcessesNaming(run).Count > 0 || Directory.Exists(run)) && Stopwatch.GetElapsedTime(killed) < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100, timeout.Token);
        }

        Assert.Empty(ProcessesNaming(run));
        Assert.False(Directory.Exists(run), $"{run} is left behind");
    }

    /// <summary>Starts <c>vedliot demo smart-home</c> with its temp folder in <paramref name="temp"/>; returns once its node agents run.</summary>
    private static async Task<Process> StartDemoAsync(string temp, CancellationToken cancellationToken)
    {
        var start = DemoProcess.StartInfo(temp, "smart-home");
        var agentsUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var lines = new List<string>();
        var cli = new Process { StartInfo = start, EnableRaisingEvents = true };
        void OnLine(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            lock (lines)
            {
                lines.Add(e.Data);
            }

            if (e.Data.Contains("; node agents ", StringComparison.Ordinal))
            {
                agentsUp.TrySetResult();
            }
        }

        cli.OutputDataReceived += OnLine;
        cli.ErrorDataReceived += OnLine;
        cli.Exited += (_, _) => agentsUp.TrySetException(new InvalidOperationException("the demo exited before its node agents ran:\n" + string.Join('\n', lines)));
        cli.Start();
        cli.BeginOutputReadLine();
        cli.BeginErrorReadLine();
        await agentsUp.Task.WaitAsync(cancellationToken);
        return cli;
    }

    private static string RunFolder(string temp) => Assert.Single(Directory.GetDirectories(temp, "vedliot-local-*"));

    /// <summary>Key material and passwords: the folder is 0700, the files in it that hold secrets 0600.</summary>
    private static void AssertPrivate(string run)
    {
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(run));
        foreach (var secret in new[] { "broker/server.key", "broker/passwd", "broker/acl", "broker/mosquitto.conf" })
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(run, secret)));
        }
    }

    /// <summary>Processes whose command line names <paramref name="folder"/> (the broker's configuration, the TPMs' and agents' state lie in it).</summary>
    private static List<int> ProcessesNaming(string folder)
    {
        var found = new List<int>();
        foreach (var entry in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(entry, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains(folder, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // It exited meanwhile.
            }
            catch (UnauthorizedAccessException)
            {
                // Another user's.
            }
        }

        return found;
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-s", signal, pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }
}
