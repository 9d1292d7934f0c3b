using Microsoft.Extensions.Logging;
using Vedliot.Messaging.Packets;

namespace Vedliot.Messaging.Client;

/// <summary>Source-generated log messages of the MQTT client, with stable event ids.</summary>
internal static partial class MqttClientLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Connected to {Host}:{Port} as '{ClientId}' (session present: {SessionPresent})")]
    public static partial void Connected(ILogger logger, string host, int port, string clientId, bool sessionPresent);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Connection lost: {ReasonCode}")]
    public static partial void ConnectionLost(ILogger logger, MqttReasonCode reasonCode, Exception? exception);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Protocol error, disconnecting with {ReasonCode}: {Detail}")]
    public static partial void ProtocolError(ILogger logger, MqttReasonCode reasonCode, string detail);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Information, Message = "Reconnect attempt {Attempt} in {DelayMs} ms")]
    public static partial void ReconnectScheduled(ILogger logger, int attempt, double delayMs);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Warning, Message = "Reconnect attempt {Attempt} failed")]
    public static partial void ReconnectFailed(ILogger logger, int attempt, Exception exception);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Error, Message = "A message handler for topic '{Topic}' failed")]
    public static partial void HandlerFailed(ILogger logger, string topic, Exception exception);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Debug, Message = "Resent {Count} in-flight message(s) after reconnect")]
    public static partial void Resent(ILogger logger, int count);

    [LoggerMessage(EventId = 5008, Level = LogLevel.Warning, Message = "Ignored {PacketType} for unknown packet identifier {PacketIdentifier}")]
    public static partial void UnknownPacketIdentifier(ILogger logger, MqttPacketType packetType, ushort packetIdentifier);

    [LoggerMessage(EventId = 5009, Level = LogLevel.Information, Message = "Reconnect gave up after {Attempts} attempt(s)")]
    public static partial void ReconnectGaveUp(ILogger logger, int attempts);

    [LoggerMessage(EventId = 5011, Level = LogLevel.Warning, Message = "Dropped QoS 0 message number {Dropped}: handlers are more than {LimitBytes} bytes behind")]
    public static partial void QoS0Dropped(ILogger logger, long dropped, long limitBytes);

    [LoggerMessage(EventId = 5012, Level = LogLevel.Information, Message = "Message {PacketIdentifier} to '{Topic}' expired while waiting to be sent; not sent")]
    public static partial void MessageExpired(ILogger logger, ushort packetIdentifier, string topic);

    [LoggerMessage(EventId = 5010, Level = LogLevel.Error, Message = "An event handler failed")]
    public static partial void EventHandlerFailed(ILogger logger, Exception exception);
}
