using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Vedliot.Messaging.Client;
using Xunit;

namespace Vedliot.Testing;

/// <summary>A real mosquitto on a free loopback port, anonymous and without persistence, started and stopped by the tests that need one.</summary>
public sealed class MosquittoBroker : IAsyncLifetime, IDisposable
{
    private readonly StringBuilder _log = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("vedliot-test-mosquitto-").FullName;
    private Process? _process;

    public int Port { get; private set; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Options for a test client (no automatic reconnect).</summary>
    public MqttClientOptions Options(string clientId) => new()
    {
        Host = "127.0.0.1",
        Port = Port,
        ClientId = clientId,
        Reconnect = { Enabled = false },
        MaximumPacketSize = 64 << 20,
    };

    public async Task InitializeAsync()
    {
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var config = Path.Combine(_directory, "mosquitto.conf");
        await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture, $"""
            {(Environment.UserName == "root" ? "user root" : "")}
            allow_anonymous true
            persistence false
            log_dest stderr
            log_type error
            log_type warning
            log_type notice
            log_type information
            listener {Port} 127.0.0.1
            """));
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _process = new Process
        {
            StartInfo = new ProcessStartInfo("mosquitto", ["-c", config]) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false },
            EnableRaisingEvents = true,
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_log)
            {
                _log.AppendLine(e.Data);
            }

            if (e.Data?.Contains(" running", StringComparison.Ordinal) == true)
            {
                running.TrySetResult();
            }
        };
        _process.Exited += (_, _) => running.TrySetException(new InvalidOperationException($"mosquitto exited during start-up:\n{Log}"));
        _process.Start();
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        await running.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        if (_process is { } process)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    public void Dispose() => _process?.Dispose();
}
