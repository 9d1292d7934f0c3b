namespace Vedliot.Messaging.Transport;

/// <summary>The phases of opening an MQTT connection, in order; a connect timeout names the one it stopped in.</summary>
public enum MqttConnectPhase
{
    /// <summary>Opening the TCP connection (or a custom transport's connection).</summary>
    TcpConnect,

    /// <summary>The TLS handshake over the open TCP connection.</summary>
    TlsHandshake,

    /// <summary>Waiting for the server's CONNACK after CONNECT was sent (MQTT 5.0 §3.2).</summary>
    ConnAck,
}
