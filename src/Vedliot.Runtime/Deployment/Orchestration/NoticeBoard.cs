using Microsoft.Extensions.Logging;
using Vedliot.Messaging.Client;
using Vedliot.Pipelines;

namespace Vedliot.Runtime.Deployment.Orchestration;

/// <summary>Publishes each pipeline's retained <see cref="PipelineNotice"/>, which apps' clients follow.</summary>
internal sealed class NoticeBoard(MqttClient client, string topicRoot, TimeProvider time, ILogger logger)
{
    /// <summary>Publishes the pipeline's notice as it stands (a failure is logged: the next change, or a reconnection, publishes again).</summary>
    public async Task PublishAsync(PipelineDeployment pipeline, CancellationToken cancellationToken)
    {
        try
        {
            await client.PublishAsync(PipelineNotices.Create(topicRoot, pipeline.Notice(time.GetUtcNow())), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is MqttNotConnectedException or IOException)
        {
            OrchestratorLog.BackgroundFailed(logger, e);
        }
    }

    /// <summary>Says the pipeline stopped (so waiting clients give up at once), then clears the retained notice.</summary>
    public async Task WithdrawAsync(PipelineDeployment pipeline, CancellationToken cancellationToken)
    {
        pipeline.Condition = PipelineCondition.Stopped;
        await PublishAsync(pipeline, cancellationToken).ConfigureAwait(false);
        try
        {
            await client.PublishAsync(PipelineNotices.Clear(topicRoot, pipeline.Spec.Name), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is MqttNotConnectedException or IOException)
        {
            OrchestratorLog.BackgroundFailed(logger, e);
        }
    }
}
