using System.Net;
using System.Net.Sockets;
using Vedliot.Messaging.Packets;
using Vedliot.Messaging.Transport;

namespace Vedliot.Messaging.Tests.Infrastructure;

/// <summary>
/// A broker whose every move is written by the test: it accepts connections on a loopback port and
/// lets the test read what the client sent and answer packet by packet (or with raw bytes).
/// </summary>
public sealed class ScriptedBroker : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<BrokerConnection> _connections = [];

    public ScriptedBroker()
    {
        _listener.Start();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public async Task<BrokerConnection> AcceptAsync(MqttProtocolVersion version = MqttProtocolVersion.V500)
    {
        var socket = await _listener.AcceptSocketAsync().WaitAsync(TestTimeouts.Safety);
        socket.NoDelay = true;
        var stream = new NetworkStream(socket, ownsSocket: true);
        var connection = new BrokerConnection(stream, new MqttChannel(stream, version));
        _connections.Add(connection);
        return connection;
    }

    /// <summary>Accepts a connection, reads its CONNECT and answers with <paramref name="connAck"/>.</summary>
    public async Task<(BrokerConnection Connection, ConnectPacket Connect)> AcceptAndConnAckAsync(ConnAckPacket? connAck = null, MqttProtocolVersion version = MqttProtocolVersion.V500)
    {
        var connection = await AcceptAsync(version);
        var connect = await connection.ReceiveAsync<ConnectPacket>();
        await connection.SendAsync(connAck ?? new ConnAckPacket());
        return (connection, connect);
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        foreach (var c in _connections)
        {
            await c.DisposeAsync();
        }
    }
}

public sealed class BrokerConnection(NetworkStream stream, MqttChannel channel) : IAsyncDisposable
{
    public MqttChannel Channel { get; } = channel;

    public async Task<T> ReceiveAsync<T>()
        where T : MqttPacket
    {
        var packet = await Channel.ReceiveAsync().AsTask().WaitAsync(TestTimeouts.Safety);
        return packet as T ?? throw new Xunit.Sdk.XunitException($"Expected {typeof(T).Name}, received {packet?.Type.ToString() ?? "end of stream"}.");
    }

    public async Task SendAsync(MqttPacket packet)
    {
        Channel.Enqueue(packet);
        await Channel.FlushAsync().WaitAsync(TestTimeouts.Safety);
    }

    public async Task SendRawAsync(byte[] bytes)
    {
        await stream.WriteAsync(bytes);
        await stream.FlushAsync();
    }

    public ValueTask DisposeAsync() => Channel.DisposeAsync();
}

/// <summary>
/// Upper bounds that only stop a broken test from hanging the run; no test relies on them for its
/// outcome.
/// </summary>
public static class TestTimeouts
{
    public static readonly TimeSpan Safety = TimeSpan.FromSeconds(30);
}
