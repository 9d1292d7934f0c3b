using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Vedliot.Messaging.Benchmarks;

/// <summary>A mosquitto started for one benchmark run on a free loopback port (anonymous, plain TCP).</summary>
internal sealed class BenchBroker : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private BenchBroker(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public static async Task<BenchBroker> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("vedliot-bench-").FullName;
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var config = Path.Combine(directory, "mosquitto.conf");
        var user = Environment.UserName == "root" ? "user root\n" : string.Empty;
        await File.WriteAllTextAsync(config, user + string.Create(CultureInfo.InvariantCulture, $"""
            listener {port} 127.0.0.1
            allow_anonymous true
            persistence false
            max_inflight_messages 1000
            max_queued_messages 1000000
            log_dest stderr
            log_type error
            log_type warning
            log_type notice
            log_type information
            """));
        var process = new Process
        {
            StartInfo = new ProcessStartInfo("mosquitto", $"-c \"{config}\"") { RedirectStandardError = true, UseShellExecute = false },
        };
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data?.Contains(" running", StringComparison.Ordinal) == true)
            {
                running.TrySetResult();
            }
        };
        process.Start();
        process.BeginErrorReadLine();
        var broker = new BenchBroker(process, directory, port);
        try
        {
            await running.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch
        {
            await broker.DisposeAsync();
            throw;
        }

        return broker;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
