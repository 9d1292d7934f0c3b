using System.Net;
using System.Net.Sockets;

namespace Vedliot.Messaging.Tests.Client;

/// <summary>
/// A loopback TCP proxy in front of a real broker. A test can hold back what clients send (bytes wait
/// in the proxy, the broker never sees them) and cut every connection, as a network failure would,
/// while the broker itself keeps running.
/// </summary>
public sealed class HoldingTcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<(Socket Client, Socket Broker, CancellationTokenSource Cut)> _connections = [];
    private readonly Task _acceptLoop;
    private TaskCompletionSource _released = NewGate(open: true);

    public HoldingTcpProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>From now on, bytes from clients stay in the proxy until <see cref="Release"/> (or are lost by <see cref="CutAll"/>).</summary>
    public void Hold()
    {
        lock (_gate)
        {
            if (_released.Task.IsCompleted)
            {
                _released = NewGate(open: false);
            }
        }
    }

    /// <summary>Lets bytes from clients through again.</summary>
    public void Release()
    {
        lock (_gate)
        {
            _released.TrySetResult();
        }
    }

    /// <summary>Closes every connection at once; held bytes are dropped. New connections are accepted as before.</summary>
    public void CutAll()
    {
        List<(Socket Client, Socket Broker, CancellationTokenSource Cut)> connections;
        lock (_gate)
        {
            connections = [.. _connections];
            _connections.Clear();
        }

        foreach (var (client, broker, cut) in connections)
        {
            cut.Cancel();
            client.Dispose();
            broker.Dispose();
            cut.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        CutAll();
        try
        {
            await _acceptLoop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private static TaskCompletionSource NewGate(bool open)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (open)
        {
            gate.SetResult();
        }

        return gate;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptSocketAsync(_stop.Token);
            var broker = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            client.NoDelay = true;
            await broker.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
            var cut = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            lock (_gate)
            {
                _connections.Add((client, broker, cut));
            }

            _ = PumpAsync(client, broker, hold: true, cut.Token);
            _ = PumpAsync(broker, client, hold: false, cut.Token);
        }
    }

    private async Task PumpAsync(Socket from, Socket to, bool hold, CancellationToken cut)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, cut);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                if (hold)
                {
                    Task released;
                    lock (_gate)
                    {
                        released = _released.Task;
                    }

                    await released.WaitAsync(cut);
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, cut);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The connection was cut or closed by one side.
        }
    }
}
