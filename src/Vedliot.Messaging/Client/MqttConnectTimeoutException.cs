using System.Globalization;
using Vedliot.Messaging.Transport;

namespace Vedliot.Messaging.Client;

/// <summary>
/// Opening a connection took longer than <see cref="MqttClientOptions.ConnectTimeout"/>: the message names the
/// broker, the phase that was under way (TCP connect, TLS handshake or CONNACK) and the timeout. A
/// <see cref="TimeoutException"/>, so code that handles timeouts in general handles this one too.
/// </summary>
public sealed class MqttConnectTimeoutException : TimeoutException
{
    /// <summary>Creates the exception.</summary>
    public MqttConnectTimeoutException()
        : base("The connection to the MQTT broker did not open in time.")
    {
        Host = string.Empty;
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public MqttConnectTimeoutException(string message)
        : base(message)
    {
        Host = string.Empty;
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public MqttConnectTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
        Host = string.Empty;
    }

    /// <summary>Creates the exception for a connect that ran out of time.</summary>
    /// <param name="host">The broker's host.</param>
    /// <param name="port">The broker's port.</param>
    /// <param name="phase">The phase under way when the time ran out.</param>
    /// <param name="timeout">The connect timeout.</param>
    /// <param name="innerException">The cancellation that ended the phase, or null.</param>
    public MqttConnectTimeoutException(string host, int port, MqttConnectPhase phase, TimeSpan timeout, Exception? innerException)
        : base(Describe(host, port, phase, timeout), innerException)
    {
        Host = host;
        Port = port;
        Phase = phase;
        Timeout = timeout;
    }

    /// <summary>The broker's host.</summary>
    public string Host { get; }

    /// <summary>The broker's port.</summary>
    public int Port { get; }

    /// <summary>The phase under way when the time ran out.</summary>
    public MqttConnectPhase Phase { get; }

    /// <summary>The connect timeout that expired.</summary>
    public TimeSpan Timeout { get; }

    private static string Describe(string host, int port, MqttConnectPhase phase, TimeSpan timeout)
    {
        var within = timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        return phase switch
        {
            MqttConnectPhase.TlsHandshake => $"broker {host}:{port}: TLS handshake: no answer within {within} s (the connect timeout); the server accepted the TCP connection but did not complete a TLS handshake (is it a TLS port?)",
            MqttConnectPhase.ConnAck => $"broker {host}:{port}: CONNACK: no CONNACK within {within} s of sending CONNECT (the connect timeout); is it an MQTT broker, and is it overloaded?",
            _ => $"broker {host}:{port}: TCP connect: not connected within {within} s (the connect timeout); is the host reachable and the port open?",
        };
    }
}
