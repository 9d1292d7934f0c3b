using System.Diagnostics;
using Vedliot.Runtime;

namespace Vedliot.Hosting.LocalPlatform;

/// <summary>
/// A process this one starts and owns: its output is kept (the last lines, for error messages), it is
/// ready when a line of its output says so, and disposing it kills it and everything it started.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private const int KeptLines = 40;
    private readonly Process _process;
    private readonly Queue<string> _lines = new();
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Func<string, bool> _isReady;

    private ChildProcess(string name, ProcessStartInfo start, Func<string, bool> isReady, Action<string>? onLine)
    {
        Name = name;
        _isReady = isReady;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        void Read(object _, DataReceivedEventArgs e)
        {
            if (e.Data is not { } line)
            {
                return;
            }

            lock (_lock)
            {
                _lines.Enqueue(line);
                if (_lines.Count > KeptLines)
                {
                    _lines.Dequeue();
                }
            }

            onLine?.Invoke(line);
            if (_isReady(line))
            {
                _ready.TrySetResult();
            }
        }

        _process.OutputDataReceived += Read;
        _process.ErrorDataReceived += Read;
        _process.Exited += (_, _) => _ready.TrySetException(new VedliotException($"{Name} exited with code {ExitCodeText()} while starting:\n{Output}"));
    }

    /// <summary>What the process is, for messages.</summary>
    public string Name { get; }

    /// <summary>Its process id.</summary>
    public int Id => _process.Id;

    /// <summary>Whether it has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The last lines it wrote.</summary>
    public string Output
    {
        get
        {
            lock (_lock)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    /// <summary>Starts <paramref name="start"/> and waits until a line of its output satisfies <paramref name="isReady"/>.</summary>
    /// <exception cref="VedliotException">The program is missing, exits, or does not become ready in time.</exception>
    public static async Task<ChildProcess> StartAsync(string name, ProcessStartInfo start, Func<string, bool> isReady, TimeSpan timeout, Action<string>? onLine = null, CancellationToken cancellationToken = default)
    {
        var child = new ChildProcess(name, start, isReady, onLine);
        try
        {
            child._process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new VedliotException($"{name}: cannot start '{start.FileName}': {e.Message} (run ./eng/bootstrap.sh to install it)", e);
        }

        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        try
        {
            await child._ready.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            return child;
        }
        catch (TimeoutException)
        {
            await child.DisposeAsync().ConfigureAwait(false);
            throw new VedliotException($"{name} did not become ready within {timeout.TotalSeconds:0} s:\n{child.Output}");
        }
        catch
        {
            await child.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Asks it to stop (SIGTERM) and waits; kills it if it does not stop in time.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var term = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
        {
            if (term is not null)
            {
                await term.WaitForExitAsync().ConfigureAwait(false);
            }
        }

        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await KillAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Kills it at once (SIGKILL, with everything it started), as a crash or power loss would.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync().ConfigureAwait(false);
    }

    /// <summary>Kills it (see <see cref="KillAsync"/>) and releases it.</summary>
    /// <returns>A task that completes when it has exited.</returns>
    public async ValueTask DisposeAsync()
    {
        await KillAsync().ConfigureAwait(false);
        _process.Dispose();
    }

    private string ExitCodeText() => _process.HasExited ? _process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?";
}
