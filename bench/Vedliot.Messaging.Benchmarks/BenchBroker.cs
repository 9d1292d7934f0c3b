using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Vedliot.Messaging.Client;
using Vedliot.Messaging.Packets;

namespace Vedliot.Messaging.Benchmarks;

/// <summary>A mosquitto started for one benchmark run on a free loopback port (anonymous, plain TCP).</summary>
internal sealed class BenchBroker : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;
    private readonly Queue<string> _log = new();

    private BenchBroker(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>CPU time (user + system) mosquitto has used so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>The broker's last log lines (connections, disconnections and their causes).</summary>
    public string RecentLog
    {
        get
        {
            lock (_log)
            {
                return string.Join(Environment.NewLine, _log);
            }
        }
    }

    /// <summary>
    /// Publishes one 4 MB message (to a topic nobody subscribes to), which puts mosquitto's memory
    /// allocator in the state it reaches on a broker that has been up for a while. glibc malloc serves
    /// blocks of 128 KiB or more from freshly mapped pages until the process has freed a larger one; a
    /// fresh mosquitto therefore takes about 480 page faults (two fresh megabytes) per 1 MB message it
    /// forwards, and once warmed about 25. Which state a run meets depends on what ran before it (a burst
    /// of MQTT.js publishes can warm it, one-at-a-time publishing does not), which made the 1 MB figures
    /// of both clients swing by 2x from run to run. Warming once at the start removes that from the comparison.
    /// </summary>
    /// <returns>A task that completes when the broker has acknowledged the message.</returns>
    public async Task WarmUpAsync()
    {
        await using var client = new MqttClient(new MqttClientOptions
        {
            Host = "127.0.0.1",
            Port = Port,
            ClientId = $"vedliot-bench-warm-up-{Environment.ProcessId}",
            Reconnect = { Enabled = false },
        });
        await client.ConnectAsync();
        await client.PublishAsync(new MqttApplicationMessage { Topic = "bench/warm-up", Payload = new byte[4 << 20], QualityOfService = MqttQualityOfService.AtLeastOnce });
        await client.DisconnectAsync();
    }

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
        var broker = new BenchBroker(process, directory, port);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            broker.Record(e.Data);
            if (e.Data.Contains(" running", StringComparison.Ordinal))
            {
                running.TrySetResult();
            }
        };
        process.Start();
        process.BeginErrorReadLine();
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

    private void Record(string line)
    {
        lock (_log)
        {
            _log.Enqueue(line);
            if (_log.Count > 40)
            {
                _log.Dequeue();
            }
        }
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
