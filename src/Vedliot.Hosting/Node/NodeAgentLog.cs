using Microsoft.Extensions.Logging;
using Vedliot.Messaging.Packets;
using Vedliot.Runtime.Deployment.Protocol;
using Vedliot.Runtime.Platform;

namespace Vedliot.Hosting.Node;

/// <summary>The node agent's log messages; event ids are stable.</summary>
internal static partial class NodeAgentLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Node {NodeId} starting: module {ModuleId} ({Presence}), backend {Backend}")]
    public static partial void Starting(ILogger logger, string nodeId, string moduleId, Presence presence, string backend);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "TPM: {Tpm}")]
    public static partial void TpmOpened(ILogger logger, string tpm);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Measurement PCR {Pcr} was reset at start, so the measurement log and the PCR agree; agent {Name} {Version} measured as event {Sequence}, SHA-256 {Digest}")]
    public static partial void AgentMeasured(ILogger logger, int pcr, string name, string version, int sequence, string digest);

    [LoggerMessage(EventId = 23, Level = LogLevel.Information, Message = "The TPM's EK certificate chains to the {CaCount} CA certificate(s) given; enrollment will accept it")]
    public static partial void EndorsementChecked(ILogger logger, int caCount);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Connected to the broker at {Address} (reconnect: {IsReconnect}, session resumed: {SessionPresent})")]
    public static partial void Connected(ILogger logger, string address, bool isReconnect, bool sessionPresent);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Announced {State} with {StageCount} stage(s)")]
    public static partial void Announced(ILogger logger, NodeState state, int stageCount);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Connection to the broker lost ({Reason}); reconnecting: {WillReconnect}")]
    public static partial void ConnectionLost(ILogger logger, string reason, bool willReconnect);

    [LoggerMessage(EventId = 7, Level = LogLevel.Debug, Message = "Command {ContentType}")]
    public static partial void CommandReceived(ILogger logger, string contentType);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Command {ContentType} failed: {Reason}")]
    public static partial void CommandFailed(ILogger logger, string contentType, string reason);

    [LoggerMessage(EventId = 9, Level = LogLevel.Warning, Message = "Command {ContentType} on {Topic} has no response topic; ignored")]
    public static partial void CommandWithoutResponseTopic(ILogger logger, string contentType, string topic);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Stage {Key} loaded in {LoadMs:0.#} ms on {Backend}: partition SHA-256 {Digest} measured, input {InputTopic}, output {OutputTopic}, answers on {AnswerTopic}")]
    public static partial void StageLoaded(ILogger logger, string key, double loadMs, string backend, string digest, string inputTopic, string outputTopic, string answerTopic);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Stage {Key} released after {Completed} request(s); {Dropped} queued request(s) dropped")]
    public static partial void StageReleased(ILogger logger, string key, long completed, int dropped);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Stage {Key}: request with {Request} failed: {Reason}")]
    public static partial void RequestFailed(ILogger logger, string key, string request, string reason);

    [LoggerMessage(EventId = 13, Level = LogLevel.Error, Message = "Stage {Key}: request with {Request} failed unexpectedly")]
    public static partial void RequestFailedUnexpectedly(ILogger logger, string key, string request, Exception exception);

    [LoggerMessage(EventId = 14, Level = LogLevel.Debug, Message = "Stage {Key}: a request with the same {CorrelationBytes} bytes of correlation data was taken before (a redelivery); dropped")]
    public static partial void DuplicateDropped(ILogger logger, string key, int correlationBytes);

    // Event id 15 (an upstream error passed on) is retired: stages answer failures to the app directly.

    [LoggerMessage(EventId = 16, Level = LogLevel.Warning, Message = "Could not publish to {Topic}: {Reason}")]
    public static partial void PublishFailed(ILogger logger, string topic, string reason);

    [LoggerMessage(EventId = 17, Level = LogLevel.Warning, Message = "The broker refused the message on {Topic}: {ReasonCode} {ReasonString}")]
    public static partial void PublishRefused(ILogger logger, string topic, MqttReasonCode reasonCode, string? reasonString);

    [LoggerMessage(EventId = 18, Level = LogLevel.Debug, Message = "No stage takes messages on {Topic}; dropped")]
    public static partial void Unrouted(ILogger logger, string topic);

    [LoggerMessage(EventId = 19, Level = LogLevel.Information, Message = "Node {NodeId} stopping")]
    public static partial void Stopping(ILogger logger, string nodeId);

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Node {NodeId} stopped: announced offline and disconnected")]
    public static partial void Stopped(ILogger logger, string nodeId);

    [LoggerMessage(EventId = 21, Level = LogLevel.Error, Message = "Command {ContentType} failed unexpectedly")]
    public static partial void CommandFailedUnexpectedly(ILogger logger, string contentType, Exception exception);

    [LoggerMessage(EventId = 22, Level = LogLevel.Warning, Message = "Shutting down: {Step} failed: {Reason}")]
    public static partial void ShutdownStepFailed(ILogger logger, string step, string reason);
}
