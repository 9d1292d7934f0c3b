using Vedliot.Messaging.Packets;

namespace Vedliot.Messaging.Client;

/// <summary>Outcome of a publish.</summary>
/// <param name="ReasonCode">The PUBACK/PUBREC reason code (Success for QoS 0).</param>
/// <param name="ReasonString">The server's reason string, or null.</param>
/// <param name="PacketIdentifier">The packet identifier used (0 for QoS 0).</param>
public sealed record MqttPublishResult(MqttReasonCode ReasonCode, string? ReasonString, ushort PacketIdentifier)
{
    /// <summary>True when the reason code is below 0x80.</summary>
    public bool IsSuccess => (byte)ReasonCode < 0x80;
}

/// <summary>A message delivered to <see cref="MqttClient.MessageReceivedAsync"/>.</summary>
public sealed class MqttMessageReceivedEventArgs : EventArgs
{
    internal MqttMessageReceivedEventArgs(MqttApplicationMessage message, IReadOnlyList<uint> subscriptionIdentifiers, bool duplicate)
    {
        Message = message;
        SubscriptionIdentifiers = subscriptionIdentifiers;
        Duplicate = duplicate;
    }

    /// <summary>The message.</summary>
    public MqttApplicationMessage Message { get; }

    /// <summary>Identifiers of the subscriptions that matched (MQTT 5.0).</summary>
    public IReadOnlyList<uint> SubscriptionIdentifiers { get; }

    /// <summary>Whether the server flagged this as a possible redelivery (DUP).</summary>
    public bool Duplicate { get; }

    /// <summary>Reason code for the PUBACK/PUBREC; a handler may set an error code (0x80 and above). Default: Success.</summary>
    public MqttReasonCode ReasonCode { get; set; }
}

/// <summary>Raised after a connection is established.</summary>
/// <param name="ConnAck">The server's CONNACK.</param>
/// <param name="IsReconnect">Whether this was an automatic reconnect.</param>
public sealed record MqttConnectionEstablished(ConnAckPacket ConnAck, bool IsReconnect);

/// <summary>Raised after a connection ended.</summary>
/// <param name="ClientInitiated">True when the application called DisconnectAsync or disposed the client.</param>
/// <param name="ReasonCode">The reason: the server's DISCONNECT reason, or the protocol error that closed the connection.</param>
/// <param name="ReasonString">The server's reason string, or null.</param>
/// <param name="ServerReference">The server reference from a server DISCONNECT, or null.</param>
/// <param name="Exception">The failure that ended the connection, or null.</param>
/// <param name="WillReconnect">Whether automatic reconnect will run.</param>
public sealed record MqttConnectionClosed(bool ClientInitiated, MqttReasonCode ReasonCode, string? ReasonString, string? ServerReference, Exception? Exception, bool WillReconnect);
