using Vedliot.Messaging.Formatter;
using Vedliot.Messaging.Packets;

namespace Vedliot.Messaging.Client;

/// <summary>The receive loop of a connection: reads packets, routes each to its flow, and turns every way a connection ends into one close.</summary>
public sealed partial class MqttClient
{
    private async Task ReceiveLoopAsync(MqttConnection connection, MqttKeepAlive? keepAlive)
    {
        MqttConnectionClosed? reason;
        try
        {
            while (true)
            {
                var (packet, pooled) = _options.PooledReceiveBuffers
                    ? await connection.Channel.ReceivePooledAsync(connection.Token).ConfigureAwait(false)
                    : (await connection.Channel.ReceiveAsync(connection.Token).ConfigureAwait(false), null);
                if (packet is null)
                {
                    reason = connection.CloseReason ?? new MqttConnectionClosed(false, MqttReasonCode.UnspecifiedError, "The server closed the connection.", null, null, true);
                    break;
                }

                if (packet is DisconnectPacket disconnect)
                {
                    reason = new MqttConnectionClosed(false, disconnect.ReasonCode, disconnect.ReasonString, disconnect.ServerReference, null, true);
                    break;
                }

                await HandlePacketAsync(connection, packet, pooled, keepAlive).ConfigureAwait(false);
            }
        }
        catch (MqttProtocolException ex)
        {
            MqttClientLog.ProtocolError(_logger, ex.ReasonCode, ex.Message);
            reason = new MqttConnectionClosed(false, ex.ReasonCode, ex.Message, null, ex, true);
            await SendDisconnectQuietlyAsync(connection.Channel, ex.ReasonCode, ex.Message).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (connection.Token.IsCancellationRequested)
        {
            reason = connection.CloseReason;
        }
        catch (Exception ex) when (ex is IOException or EndOfStreamException or ObjectDisposedException or System.Net.Sockets.SocketException or System.Security.Authentication.AuthenticationException)
        {
            reason = connection.CloseReason ?? new MqttConnectionClosed(false, MqttReasonCode.UnspecifiedError, ex.Message, null, ex, true);
        }
        catch (Exception ex)
        {
            // Anything else is a fault on this side: say so to the server and close, never leave the connection unread.
            MqttClientLog.ProtocolError(_logger, MqttReasonCode.ImplementationSpecificError, ex.Message);
            reason = new MqttConnectionClosed(false, MqttReasonCode.ImplementationSpecificError, ex.Message, null, ex, true);
            await SendDisconnectQuietlyAsync(connection.Channel, MqttReasonCode.ImplementationSpecificError, "Client error").ConfigureAwait(false);
        }

        reason ??= connection.CloseReason ?? new MqttConnectionClosed(false, MqttReasonCode.UnspecifiedError, null, null, null, true);
        await CloseConnectionAsync(connection, reason).ConfigureAwait(false);
    }

    private async Task HandlePacketAsync(MqttConnection connection, MqttPacket packet, byte[]? pooled, MqttKeepAlive? keepAlive)
    {
        switch (packet)
        {
            case PublishPacket publish:
                HandlePublish(connection, publish, pooled);
                break;
            case PubAckPacket ack:
                HandlePubAck(ack);
                break;
            case PubRecPacket rec:
                HandlePubRec(connection, rec);
                break;
            case PubCompPacket comp:
                HandlePubComp(comp);
                break;
            case PubRelPacket rel:
                HandlePubRel(connection, rel);
                break;
            case SubAckPacket or UnsubAckPacket:
                HandleRequestAcknowledgement(connection, packet);
                break;
            case PingRespPacket:
                keepAlive?.PingResponseReceived();
                break;
            case AuthPacket auth:
                await HandleAuthAsync(connection, auth).ConfigureAwait(false);
                break;
            default:
                throw MqttProtocolException.Protocol("MQTT 5.0 §3.2.0 / §4.8", $"A server must not send {packet.Type} to a client at this point.");
        }
    }
}
