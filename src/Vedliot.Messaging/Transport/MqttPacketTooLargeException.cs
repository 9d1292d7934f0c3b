namespace Vedliot.Messaging.Transport;

/// <summary>
/// A packet to send is larger than the Maximum Packet Size the peer announced, so it was not
/// sent [MQTT-3.2.2-15].
/// </summary>
public sealed class MqttPacketTooLargeException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="packetSize">Encoded size in bytes.</param>
    /// <param name="maximumPacketSize">The peer's limit in bytes.</param>
    public MqttPacketTooLargeException(long packetSize, long maximumPacketSize)
        : base($"The packet of {packetSize} bytes exceeds the peer's Maximum Packet Size of {maximumPacketSize} bytes and was not sent [MQTT-3.2.2-15].")
    {
        PacketSize = packetSize;
        MaximumPacketSize = maximumPacketSize;
    }

    /// <summary>Creates the exception.</summary>
    public MqttPacketTooLargeException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public MqttPacketTooLargeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public MqttPacketTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Encoded size in bytes.</summary>
    public long PacketSize { get; }

    /// <summary>The peer's limit in bytes.</summary>
    public long MaximumPacketSize { get; }
}
