using Vedliot.Messaging.Packets;

namespace Vedliot.Messaging.Client;

/// <summary>Answers AUTH challenges of enhanced authentication (MQTT 5.0 §4.12).</summary>
public interface IMqttEnhancedAuthenticator
{
    /// <summary>Produces the authentication data for the next AUTH packet.</summary>
    /// <param name="challenge">The server's AUTH packet (reason code Continue authentication).</param>
    /// <param name="cancellationToken">Cancels the computation.</param>
    /// <returns>The data to send back.</returns>
    ValueTask<ReadOnlyMemory<byte>> RespondAsync(AuthPacket challenge, CancellationToken cancellationToken);
}
