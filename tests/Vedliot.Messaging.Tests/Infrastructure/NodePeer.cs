using System.Diagnostics;
using System.Threading.Channels;
using Vedliot.Testing;

namespace Vedliot.Messaging.Tests.Infrastructure;

/// <summary>Runs the MQTT.js peer script with Node.js and exposes its stdout line by line.</summary>
public sealed class NodePeer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly System.Text.StringBuilder _stderr = new();

    private NodePeer(Process process) => _process = process;

    public static NodePeer Start(IReadOnlyDictionary<string, string> environment)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Interop", "mqttjs-peer.cjs");
        var info = new ProcessStartInfo("node", $"\"{script}\"")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["NODE_PATH"] = RepositoryPaths.MqttJsNodeModules;
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info };
        var peer = new NodePeer(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                peer._lines.Writer.TryComplete();
            }
            else
            {
                peer._lines.Writer.TryWrite(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (peer._stderr)
                {
                    peer._stderr.AppendLine(e.Data);
                }
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return peer;
    }

    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public async Task<string> ReadLineAsync()
    {
        try
        {
            return await _lines.Reader.ReadAsync().AsTask().WaitAsync(TestTimeouts.Safety);
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException("The MQTT.js peer exited early: " + StandardError);
        }
    }

    public async Task<int> WaitForExitAsync()
    {
        await _process.WaitForExitAsync().WaitAsync(TestTimeouts.Safety);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
