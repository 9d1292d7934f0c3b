using Vedliot.Messaging.Formatter;
using Vedliot.Messaging.Packets;
using Vedliot.Messaging.Transport;

namespace Vedliot.Messaging.Client;

/// <summary>Enhanced authentication (MQTT 5.0 §4.12): AUTH exchanges at connect and re-authentication.</summary>
public sealed partial class MqttClient
{
    /// <summary>Starts re-authentication (MQTT 5.0 §4.12.1) and waits for the server's AUTH with reason Success.</summary>
    /// <param name="authenticationData">Initial data for the method negotiated at connect.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The server's final AUTH packet.</returns>
    public async Task<AuthPacket> ReauthenticateAsync(ReadOnlyMemory<byte> authenticationData, CancellationToken cancellationToken = default)
    {
        var connection = RequireConnection();
        if (_options.AuthenticationMethod is null)
        {
            throw new InvalidOperationException("Re-authentication needs the AuthenticationMethod used at connect [MQTT-4.12.1-1].");
        }

        var waiter = new TaskCompletionSource<AuthPacket>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (Interlocked.CompareExchange(ref connection.AuthWaiter, waiter, null) is not null)
        {
            throw new InvalidOperationException("A re-authentication is already in progress.");
        }

        connection.Send(new AuthPacket { ReasonCode = MqttReasonCode.ReAuthenticate, AuthenticationMethod = _options.AuthenticationMethod, AuthenticationData = authenticationData });
        return await waiter.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Answers the server's AUTH challenge during connect, before CONNACK.</summary>
    private async Task ContinueConnectAuthenticationAsync(MqttChannel channel, AuthPacket auth, CancellationToken cancellationToken)
    {
        if (auth.AuthenticationMethod != _options.AuthenticationMethod)
        {
            throw MqttProtocolException.Protocol("[MQTT-4.12.0-5]", "AUTH used a different authentication method than CONNECT.");
        }

        var authenticator = _options.Authenticator ?? throw new InvalidOperationException("The server continued enhanced authentication but no Authenticator is configured.");
        var data = await authenticator.RespondAsync(auth, cancellationToken).ConfigureAwait(false);
        channel.Enqueue(new AuthPacket { ReasonCode = MqttReasonCode.ContinueAuthentication, AuthenticationMethod = _options.AuthenticationMethod, AuthenticationData = data });
    }

    /// <summary>An AUTH on an established connection: a re-authentication step or its end.</summary>
    private async Task HandleAuthAsync(MqttConnection connection, AuthPacket auth)
    {
        if (_options.AuthenticationMethod is null || auth.AuthenticationMethod != _options.AuthenticationMethod)
        {
            throw MqttProtocolException.Protocol("[MQTT-4.12.0-5]", "AUTH received with an authentication method other than the one used at connect.");
        }

        switch (auth.ReasonCode)
        {
            case MqttReasonCode.ContinueAuthentication:
                var authenticator = _options.Authenticator ?? throw MqttProtocolException.Protocol("MQTT 5.0 §4.12", "The server continued authentication but no Authenticator is configured.");
                var data = await authenticator.RespondAsync(auth, connection.Token).ConfigureAwait(false);
                connection.Send(new AuthPacket { ReasonCode = MqttReasonCode.ContinueAuthentication, AuthenticationMethod = _options.AuthenticationMethod, AuthenticationData = data });
                break;
            case MqttReasonCode.Success:
                Interlocked.Exchange(ref connection.AuthWaiter, null)?.TrySetResult(auth);
                break;
            default:
                throw MqttProtocolException.Protocol("[MQTT-3.15.2-1]", $"A server must not send AUTH with reason {auth.ReasonCode}.");
        }
    }
}
