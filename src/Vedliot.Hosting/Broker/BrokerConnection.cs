using System.Net.Sockets;
using System.Security.Authentication;
using Vedliot.Messaging.Client;
using Vedliot.Runtime;

namespace Vedliot.Hosting.Broker;

/// <summary>Connects a client to the broker so that a broker that cannot be reached is one error naming it.</summary>
public static class BrokerConnection
{
    /// <summary>Connects <paramref name="client"/>.</summary>
    /// <param name="client">The client; not owned.</param>
    /// <param name="options">The options <paramref name="client"/> was made with, for the message.</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    /// <returns>A task that completes when the client is connected.</returns>
    /// <exception cref="VedliotException">The broker cannot be reached, or refused the connection or its TLS handshake.</exception>
    public static async Task ConnectAsync(MqttClient client, MqttClientOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or IOException or TimeoutException or MqttConnectException or AuthenticationException)
        {
            throw new VedliotException($"broker {BrokerAddress.Format(options.Host, options.Port)}: cannot connect: {e.Message}", e);
        }
    }
}
