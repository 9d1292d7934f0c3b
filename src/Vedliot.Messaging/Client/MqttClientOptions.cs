using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vedliot.Messaging.Packets;
using Vedliot.Messaging.Transport;

namespace Vedliot.Messaging.Client;

/// <summary>Settings of an <see cref="MqttClient"/>. Call <see cref="Validate"/> (the client does) before use.</summary>
public sealed class MqttClientOptions
{
    /// <summary>Broker host name or address. Default: "localhost".</summary>
    public string Host { get; set; } = "localhost";

    /// <summary>Broker TCP port. Default: 1883 (use 8883 for TLS).</summary>
    public int Port { get; set; } = 1883;

    /// <summary>TLS settings, or null for plain TCP. Default: null.</summary>
    public MqttTlsOptions? Tls { get; set; }

    /// <summary>Protocol version. Default: MQTT 5.0.</summary>
    public MqttProtocolVersion ProtocolVersion { get; set; } = MqttProtocolVersion.V500;

    /// <summary>Client identifier; empty asks the server to assign one. Default: empty.</summary>
    public string ClientId { get; set; } = string.Empty;

    /// <summary>Clean start on the first connect (reconnects always resume). Default: true.</summary>
    public bool CleanStart { get; set; } = true;

    /// <summary>Session expiry interval in seconds (MQTT 5.0); 0 ends the session with the connection. Default: 0.</summary>
    public uint SessionExpiryIntervalSeconds { get; set; }

    /// <summary>Keep alive interval; zero disables keep alive. Whole seconds, at most 65,535 s. Default: 60 s.</summary>
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long to wait for PINGRESP before the connection is considered lost. Default: 10 s.</summary>
    public TimeSpan KeepAliveResponseTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Time allowed for one connect, all phases together: the TCP connect, the TLS handshake and the
    /// CONNECT/CONNACK exchange; then <see cref="MqttConnectTimeoutException"/> names the phase under way.
    /// Default: 10 s, short enough that a server which accepts and never answers is reported promptly.
    /// </summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>User name, or null. Default: null.</summary>
    public string? UserName { get; set; }

    /// <summary>Password, or null. Default: null.</summary>
    public ReadOnlyMemory<byte>? Password { get; set; }

    /// <summary>Will message published by the server if the connection ends without a normal DISCONNECT. Default: null.</summary>
    public MqttApplicationMessage? Will { get; set; }

    /// <summary>Will delay interval in seconds (MQTT 5.0). Default: 0.</summary>
    public uint WillDelayIntervalSeconds { get; set; }

    /// <summary>
    /// How many QoS 1/2 messages the server may have in flight to this client (MQTT 5.0). They are
    /// acknowledged after their handlers ran, so this also bounds how many wait for handlers.
    /// Default: 1,024.
    /// </summary>
    public ushort ReceiveMaximum { get; set; } = 1024;

    /// <summary>
    /// Bytes of received QoS 0 messages that may wait for handlers; beyond that new QoS 0 messages
    /// are dropped (at-most-once delivery allows it) and counted in
    /// <see cref="MqttClient.DroppedQoS0MessageCount"/>. The receive loop never blocks, so
    /// acknowledgements keep flowing while handlers are busy. Default: 64 MiB.
    /// </summary>
    public long MaximumQueuedQoS0Bytes { get; set; } = 64L << 20;

    /// <summary>Largest packet this client accepts, in bytes; larger ones close the connection with 0x95. Default: 16 MiB.</summary>
    public uint MaximumPacketSize { get; set; } = 16 << 20;

    /// <summary>Highest topic alias the server may use towards this client (MQTT 5.0); 0 refuses aliases. Default: 64.</summary>
    public ushort TopicAliasMaximum { get; set; } = 64;

    /// <summary>Whether to use topic aliases towards the server when it allows them. Default: true.</summary>
    public bool UseOutgoingTopicAliases { get; set; } = true;

    /// <summary>Ask the server for response information (MQTT 5.0). Default: false.</summary>
    public bool RequestResponseInformation { get; set; }

    /// <summary>Allow the server to send reason strings and user properties on failures (MQTT 5.0). Default: true.</summary>
    public bool RequestProblemInformation { get; set; } = true;

    /// <summary>User properties sent with CONNECT (MQTT 5.0). Default: none.</summary>
    public IReadOnlyList<MqttUserProperty> UserProperties { get; set; } = [];

    /// <summary>Enhanced authentication method (MQTT 5.0 §4.12), or null. Default: null.</summary>
    public string? AuthenticationMethod { get; set; }

    /// <summary>Initial enhanced authentication data, or null. Default: null.</summary>
    public ReadOnlyMemory<byte>? AuthenticationData { get; set; }

    /// <summary>Answers the server's AUTH challenges; required when <see cref="AuthenticationMethod"/> is set and the server continues. Default: null.</summary>
    public IMqttEnhancedAuthenticator? Authenticator { get; set; }

    /// <summary>
    /// Read received messages of 64 KiB and more into pooled buffers instead of allocating one per
    /// message (less GC work when tensors stream in). When on, a message's Payload and
    /// CorrelationData are valid only until its handlers' tasks complete; copy what must outlive
    /// them. Default: false.
    /// </summary>
    public bool PooledReceiveBuffers { get; set; }

    /// <summary>When the server lost the session, subscribe again to what was subscribed. Default: true.</summary>
    public bool ResubscribeWhenSessionLost { get; set; } = true;

    /// <summary>Automatic reconnect settings.</summary>
    public MqttReconnectOptions Reconnect { get; set; } = new();

    /// <summary>Clock for keep alive, timeouts and back-off. Default: <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Logger. Default: <see cref="NullLogger.Instance"/>.</summary>
    public ILogger Logger { get; set; } = NullLogger.Instance;

    /// <summary>Opens the network stream. Default: <see cref="MqttTcpTransport.Instance"/>.</summary>
    public IMqttTransport Transport { get; set; } = MqttTcpTransport.Instance;

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Host))
        {
            throw new ArgumentException("Host must be set.", nameof(Host));
        }

        if (Port is < 1 or > 65535)
        {
            throw new ArgumentException($"Port {Port} is outside 1..65535.", nameof(Port));
        }

        if (ProtocolVersion is not (MqttProtocolVersion.V311 or MqttProtocolVersion.V500))
        {
            throw new ArgumentException($"Protocol version {ProtocolVersion} is not supported.", nameof(ProtocolVersion));
        }

        ArgumentNullException.ThrowIfNull(ClientId);
        if (ProtocolVersion == MqttProtocolVersion.V311 && ClientId.Length == 0 && !CleanStart)
        {
            throw new ArgumentException("MQTT 3.1.1 needs a client identifier when clean session is off [MQTT-3.1.3-7].", nameof(ClientId));
        }

        if (KeepAlive < TimeSpan.Zero || KeepAlive > TimeSpan.FromSeconds(ushort.MaxValue) || KeepAlive.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentException("KeepAlive must be whole seconds between 0 and 65,535.", nameof(KeepAlive));
        }

        RequirePositive(KeepAliveResponseTimeout, nameof(KeepAliveResponseTimeout));
        RequirePositive(ConnectTimeout, nameof(ConnectTimeout));
        if (ReceiveMaximum == 0)
        {
            throw new ArgumentException("ReceiveMaximum must be at least 1 (MQTT 5.0 §3.1.2.11.3).", nameof(ReceiveMaximum));
        }

        if (MaximumQueuedQoS0Bytes < 0)
        {
            throw new ArgumentException("MaximumQueuedQoS0Bytes must not be negative.", nameof(MaximumQueuedQoS0Bytes));
        }

        if (MaximumPacketSize is 0 or > MqttChannel.ProtocolMaximumPacketSize)
        {
            throw new ArgumentException("MaximumPacketSize must be between 1 and 268,435,460 bytes.", nameof(MaximumPacketSize));
        }

        if (Will is { } will && MqttTopic.ValidateTopicName(will.Topic) is { } problem)
        {
            throw new ArgumentException("Will topic: " + problem, nameof(Will));
        }

        if (AuthenticationData is not null && AuthenticationMethod is null)
        {
            throw new ArgumentException("AuthenticationData needs an AuthenticationMethod.", nameof(AuthenticationData));
        }

        if (AuthenticationMethod is not null && ProtocolVersion != MqttProtocolVersion.V500)
        {
            throw new ArgumentException("Enhanced authentication needs MQTT 5.0.", nameof(AuthenticationMethod));
        }

        ArgumentNullException.ThrowIfNull(TimeProvider);
        ArgumentNullException.ThrowIfNull(Logger);
        ArgumentNullException.ThrowIfNull(Transport);
        ArgumentNullException.ThrowIfNull(Reconnect);
        Reconnect.Validate();
        Tls?.Validate();
    }

    internal static void RequirePositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{name} must be positive.", name);
        }
    }
}

/// <summary>Automatic reconnect with exponential back-off and jitter.</summary>
public sealed class MqttReconnectOptions
{
    /// <summary>Whether to reconnect after an unexpected loss of connection. Default: true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Delay before the first attempt. Default: 500 ms.</summary>
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Upper bound of the delay. Default: 30 s.</summary>
    public TimeSpan MaximumDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Factor applied to the delay after each failed attempt. Default: 2.</summary>
    public double Multiplier { get; set; } = 2.0;

    /// <summary>Share of each delay that is randomised (0 = none, 1 = full jitter). Default: 0.5.</summary>
    public double JitterFraction { get; set; } = 0.5;

    /// <summary>Give up after this many failed attempts; null retries forever. Default: null.</summary>
    public int? MaximumAttempts { get; set; }

    /// <summary>Seed of the jitter generator, for reproducible runs; null seeds randomly. Default: null.</summary>
    public int? RandomSeed { get; set; }

    /// <summary>
    /// The delay before attempt <paramref name="attempt"/> (0-based):
    /// <c>min(Maximum, Initial * Multiplier^attempt) * (1 - Jitter + Jitter * sample)</c>.
    /// </summary>
    /// <param name="attempt">Zero-based attempt number.</param>
    /// <param name="sample">A uniform random sample in [0, 1).</param>
    /// <returns>The delay.</returns>
    public TimeSpan GetDelay(int attempt, double sample)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        var baseMs = Math.Min(MaximumDelay.TotalMilliseconds, InitialDelay.TotalMilliseconds * Math.Pow(Multiplier, Math.Min(attempt, 64)));
        var factor = 1 - JitterFraction + (JitterFraction * Math.Clamp(sample, 0, 1));
        return TimeSpan.FromMilliseconds(baseMs * factor);
    }

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate()
    {
        MqttClientOptions.RequirePositive(InitialDelay, nameof(InitialDelay));
        if (MaximumDelay < InitialDelay)
        {
            throw new ArgumentException("MaximumDelay must be at least InitialDelay.", nameof(MaximumDelay));
        }

        if (!(Multiplier >= 1.0) || double.IsInfinity(Multiplier))
        {
            throw new ArgumentException("Multiplier must be a finite number of at least 1.", nameof(Multiplier));
        }

        if (!(JitterFraction is >= 0 and <= 1))
        {
            throw new ArgumentException("JitterFraction must be between 0 and 1.", nameof(JitterFraction));
        }

        if (MaximumAttempts is < 1)
        {
            throw new ArgumentException("MaximumAttempts must be at least 1 when set.", nameof(MaximumAttempts));
        }
    }
}
