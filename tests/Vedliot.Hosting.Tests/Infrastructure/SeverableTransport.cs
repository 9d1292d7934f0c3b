using Vedliot.Messaging.Transport;

namespace Vedliot.Hosting.Tests.Infrastructure;

/// <summary>TCP to the broker, with a way to cut the current connection without an MQTT DISCONNECT (as a crash or a pulled cable would).</summary>
public sealed class SeverableTransport : IMqttTransport
{
    private readonly Lock _lock = new();
    private Stream? _current;

    public async ValueTask<Stream> ConnectAsync(string host, int port, MqttTlsOptions? tls, CancellationToken cancellationToken = default)
    {
        var stream = await MqttTcpTransport.Instance.ConnectAsync(host, port, tls, cancellationToken);
        lock (_lock)
        {
            _current = stream;
        }

        return stream;
    }

    /// <summary>Closes the socket under the client.</summary>
    public void Sever()
    {
        lock (_lock)
        {
            _current?.Dispose();
            _current = null;
        }
    }
}
