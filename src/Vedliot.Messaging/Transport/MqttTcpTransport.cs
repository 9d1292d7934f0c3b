using System.Net.Security;
using System.Net.Sockets;

namespace Vedliot.Messaging.Transport;

/// <summary>Opens the byte stream an MQTT connection runs over.</summary>
public interface IMqttTransport
{
    /// <summary>Connects and returns the stream; the caller owns and disposes it.</summary>
    /// <param name="host">Host name or address.</param>
    /// <param name="port">TCP port.</param>
    /// <param name="tls">TLS settings, or null for plain TCP.</param>
    /// <param name="cancellationToken">Cancels the connect.</param>
    /// <returns>A connected stream.</returns>
    ValueTask<Stream> ConnectAsync(string host, int port, MqttTlsOptions? tls, CancellationToken cancellationToken = default);

    /// <summary>
    /// Connects as <see cref="ConnectAsync(string, int, MqttTlsOptions?, CancellationToken)"/> does, telling
    /// <paramref name="phaseStarted"/> as each phase begins, so that a timeout names the phase it stopped in.
    /// A transport that does not report phases is timed as one <see cref="MqttConnectPhase.TcpConnect"/>.
    /// </summary>
    /// <param name="host">Host name or address.</param>
    /// <param name="port">TCP port.</param>
    /// <param name="tls">TLS settings, or null for plain TCP.</param>
    /// <param name="phaseStarted">Called, on the connecting flow, as each phase begins.</param>
    /// <param name="cancellationToken">Cancels the connect.</param>
    /// <returns>A connected stream.</returns>
    ValueTask<Stream> ConnectAsync(string host, int port, MqttTlsOptions? tls, Action<MqttConnectPhase> phaseStarted, CancellationToken cancellationToken = default) =>
        ConnectAsync(host, port, tls, cancellationToken);
}

/// <summary>TCP transport with optional TLS (<see cref="SslStream"/>), including mutual TLS.</summary>
public sealed class MqttTcpTransport : IMqttTransport
{
    /// <summary>The shared instance (the transport is stateless).</summary>
    public static MqttTcpTransport Instance { get; } = new();

    /// <inheritdoc />
    public ValueTask<Stream> ConnectAsync(string host, int port, MqttTlsOptions? tls, CancellationToken cancellationToken = default) =>
        ConnectAsync(host, port, tls, static _ => { }, cancellationToken);

    /// <inheritdoc />
    public async ValueTask<Stream> ConnectAsync(string host, int port, MqttTlsOptions? tls, Action<MqttConnectPhase> phaseStarted, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(phaseStarted);
        phaseStarted(MqttConnectPhase.TcpConnect);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
            var network = new NetworkStream(socket, ownsSocket: true);
            if (tls is null)
            {
                return network;
            }

            phaseStarted(MqttConnectPhase.TlsHandshake);
            var ssl = new SslStream(network, leaveInnerStreamOpen: false);
            try
            {
                await ssl.AuthenticateAsClientAsync(tls.ToSslOptions(host), cancellationToken).ConfigureAwait(false);
                return ssl;
            }
            catch
            {
                await ssl.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
