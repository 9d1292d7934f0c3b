using Vedliot.Messaging.Packets;

namespace Vedliot.Messaging.Formatter;

/// <summary>
/// A violation of the MQTT protocol detected while decoding or processing a packet. It carries the
/// reason code to send in the DISCONNECT that closes the connection and the spec clause violated.
/// </summary>
public sealed class MqttProtocolException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reasonCode">Reason code for the DISCONNECT (e.g. <see cref="MqttReasonCode.MalformedPacket"/>).</param>
    /// <param name="clause">Spec clause, e.g. <c>[MQTT-3.3.1-2]</c> or <c>MQTT 5.0 §2.2.2.2</c>.</param>
    /// <param name="message">What was wrong.</param>
    public MqttProtocolException(MqttReasonCode reasonCode, string clause, string message)
        : base($"{message} {clause}")
    {
        ReasonCode = reasonCode;
        Clause = clause;
    }

    /// <summary>Creates a malformed-packet exception (parameterless form for serializers).</summary>
    public MqttProtocolException()
        : this(MqttReasonCode.MalformedPacket, "MQTT 5.0 §4.13", "Malformed packet.")
    {
    }

    /// <summary>Creates a malformed-packet exception with a message.</summary>
    /// <param name="message">What was wrong.</param>
    public MqttProtocolException(string message)
        : this(MqttReasonCode.MalformedPacket, "MQTT 5.0 §4.13", message)
    {
    }

    /// <summary>Creates a malformed-packet exception with a message and cause.</summary>
    /// <param name="message">What was wrong.</param>
    /// <param name="innerException">The cause.</param>
    public MqttProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
        ReasonCode = MqttReasonCode.MalformedPacket;
        Clause = "MQTT 5.0 §4.13";
    }

    /// <summary>The reason code to close the connection with.</summary>
    public MqttReasonCode ReasonCode { get; }

    /// <summary>The spec clause that was violated.</summary>
    public string Clause { get; }

    internal static MqttProtocolException Malformed(string clause, string message) =>
        new(MqttReasonCode.MalformedPacket, clause, message);

    internal static MqttProtocolException Protocol(string clause, string message) =>
        new(MqttReasonCode.ProtocolError, clause, message);
}
