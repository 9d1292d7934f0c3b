using Vedliot.Messaging.Packets;

namespace Vedliot.Messaging.Client;

/// <summary>The server refused the connection (CONNACK reason code 0x80 or above).</summary>
public sealed class MqttConnectException : Exception
{
    /// <summary>Creates the exception from a refusing CONNACK.</summary>
    /// <param name="connAck">The CONNACK.</param>
    public MqttConnectException(ConnAckPacket connAck)
        : base($"The server refused the connection: {connAck?.ReasonCode} (0x{(byte)(connAck?.ReasonCode ?? 0):X2}){(connAck?.ReasonString is { } s ? ": " + s : string.Empty)}.")
    {
        ConnAck = connAck;
    }

    /// <summary>Creates the exception.</summary>
    public MqttConnectException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public MqttConnectException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public MqttConnectException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The refusing CONNACK, when there was one.</summary>
    public ConnAckPacket? ConnAck { get; }

    /// <summary>The reason code (UnspecifiedError when there was no CONNACK).</summary>
    public MqttReasonCode ReasonCode => ConnAck?.ReasonCode ?? MqttReasonCode.UnspecifiedError;
}

/// <summary>The operation needs a connection and there is none, or it was lost before the operation completed.</summary>
public sealed class MqttNotConnectedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MqttNotConnectedException()
        : base("The MQTT client is not connected.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public MqttNotConnectedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public MqttNotConnectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// A QoS 1/2 message's Message Expiry Interval elapsed while it waited in the client (for flow-control
/// quota, or to be resent after a reconnect), so it was not sent, or not sent again (MQTT 5.0 §3.3.2.3.3).
/// A message that had been sent before the connection was lost may still have reached the server.
/// </summary>
public sealed class MqttMessageExpiredException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MqttMessageExpiredException()
        : base("The message expired before it could be sent.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public MqttMessageExpiredException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public MqttMessageExpiredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a message that expired.</summary>
    /// <param name="topic">The message's topic.</param>
    /// <param name="messageExpiryIntervalSeconds">Its Message Expiry Interval.</param>
    internal MqttMessageExpiredException(string topic, uint messageExpiryIntervalSeconds)
        : base($"The message to '{topic}' expired ({messageExpiryIntervalSeconds} s Message Expiry Interval) while waiting to be sent, and was not sent (again) (MQTT 5.0 §3.3.2.3.3).")
    {
        Topic = topic;
    }

    /// <summary>The topic of the expired message, when known.</summary>
    public string? Topic { get; }
}
