using System.Diagnostics;

namespace Vedliot.Hosting.LocalPlatform;

/// <summary>
/// Makes sure a local platform leaves nothing behind even when the process that started it dies without cleaning
/// up (SIGKILL, a crash): a small shell watches a pipe from this process, and when the pipe closes without the word
/// <c>done</c> it stops every process whose command line names the run's folder (SIGTERM, then SIGKILL, within about
/// three seconds) and removes the folder. A clean stop says <c>done</c> after its own cleanup, and the shell exits.
/// </summary>
/// <remarks>
/// The shell ignores SIGINT, SIGTERM and SIGHUP, so that Ctrl-C to the terminal's process group, which reaches it
/// too, leaves it waiting for the clean stop it would otherwise have to do itself. Processes are found by the run
/// folder in their command line (the broker's configuration, the TPMs' state and the agents' state all lie in it),
/// so no process of anyone else is ever signalled.
/// </remarks>
internal sealed class ProcessReaper : IAsyncDisposable
{
    private const string Script = """
        trap '' INT TERM HUP
        dir=$1
        while IFS= read -r line; do
          [ "$line" = done ] && exit 0
        done
        for signal in TERM TERM KILL; do
          pids=$(grep -lsF -- "$dir" /proc/[0-9]*/cmdline | sed -n 's#^/proc/\([0-9]*\)/cmdline$#\1#p' | grep -vx "$$")
          [ -z "$pids" ] && break
          kill -s "$signal" $pids 2>/dev/null
          sleep 1
        done
        rm -rf -- "$dir"
        """;

    private readonly Process _shell;

    private ProcessReaper(Process shell) => _shell = shell;

    /// <summary>Starts watching <paramref name="directory"/>'s processes.</summary>
    /// <param name="directory">The run folder (absolute).</param>
    public static ProcessReaper Start(string directory)
    {
        var start = new ProcessStartInfo("sh", ["-c", Script, "vedliot-reaper", directory])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
        };
        var shell = Process.Start(start) ?? throw new Runtime.VedliotException("sh did not start (the process reaper of the local platform)");
        return new ProcessReaper(shell);
    }

    /// <summary>Process id of the shell (for tests).</summary>
    public int Id => _shell.Id;

    /// <summary>After a clean stop: tells the shell there is nothing to do, and waits for it to exit.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _shell.StandardInput.WriteLineAsync("done").ConfigureAwait(false);
            await _shell.StandardInput.FlushAsync().ConfigureAwait(false);
            _shell.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _shell.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            if (!_shell.HasExited)
            {
                _shell.Kill();
            }
        }

        _shell.Dispose();
    }
}
