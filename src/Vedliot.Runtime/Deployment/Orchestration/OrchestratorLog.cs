using Microsoft.Extensions.Logging;

namespace Vedliot.Runtime.Deployment.Orchestration;

/// <summary>Source-generated log messages of the orchestrator, with stable event ids.</summary>
internal static partial class OrchestratorLog
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Node '{NodeId}' announced itself online ({Module}, {Presence})")]
    public static partial void NodeOnline(ILogger logger, string nodeId, string module, Platform.Presence presence);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "Node '{NodeId}' went offline")]
    public static partial void NodeOffline(ILogger logger, string nodeId);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Information, Message = "Node '{NodeId}' attested: {Detail}")]
    public static partial void NodeAttested(ILogger logger, string nodeId, string detail);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Warning, Message = "Node '{NodeId}' is not trusted: {Detail}")]
    public static partial void NodeUntrusted(ILogger logger, string nodeId, string detail);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Information, Message = "Pipeline '{Pipeline}' generation {Generation} placed: {Stages}")]
    public static partial void Placed(ILogger logger, string pipeline, int generation, PlannedPipeline stages);

    [LoggerMessage(EventId = 7006, Level = LogLevel.Warning, Message = "Pipeline '{Pipeline}' could not be placed: {Reason}")]
    public static partial void PlacementFailed(ILogger logger, string pipeline, string reason);

    [LoggerMessage(EventId = 7007, Level = LogLevel.Warning, Message = "Refused a partition to node '{NodeId}': {Reason}")]
    public static partial void ArtefactRefused(ILogger logger, string nodeId, string reason);

    [LoggerMessage(EventId = 7010, Level = LogLevel.Warning, Message = "Releasing stage '{Key}' on node '{NodeId}' failed: {Reason}")]
    public static partial void ReleaseFailed(ILogger logger, string key, string nodeId, string reason);

    [LoggerMessage(EventId = 7011, Level = LogLevel.Warning, Message = "Re-placing pipeline '{Pipeline}': {Reason}")]
    public static partial void Replacing(ILogger logger, string pipeline, string reason);

    [LoggerMessage(EventId = 7012, Level = LogLevel.Error, Message = "Orchestrator task failed")]
    public static partial void BackgroundFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 7013, Level = LogLevel.Information, Message = "Reconnected to the broker; publishing the pipelines' notices again")]
    public static partial void Reconnected(ILogger logger);
}
