using Vedliot.Hosting.Node.Stages;
using Vedliot.Messaging.Packets;
using Vedliot.Runtime.Deployment.Protocol;

namespace Vedliot.Hosting.Node;

/// <summary>
/// Publishes the node's <see cref="NodeHealth"/> (every stage's counters and recent figures) every interval, at QoS 0
/// and only while connected: a report missed is superseded by the next one.
/// </summary>
internal sealed class HealthReporter(string nodeId, TimeSpan interval, StageTable stages, DeploymentTopics topics, TimeProvider timeProvider)
{
    /// <summary>Reports until <paramref name="stoppingToken"/> fires.</summary>
    /// <param name="publisher">Publishes the reports.</param>
    /// <param name="stoppingToken">Fires when the node stops.</param>
    /// <returns>A task that ends (cancelled) when the node stops.</returns>
    public async Task RunAsync(BrokerPublisher publisher, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            var health = new NodeHealth(nodeId, timeProvider.GetUtcNow(), [.. stages.All.Select(s => s.Metrics())]);
            await publisher.TryPublishNowAsync(
                new MqttApplicationMessage
                {
                    Topic = topics.Health(nodeId),
                    Payload = DeploymentMessages.Serialize(health),
                    ContentType = ProtocolContentTypes.Health,
                    PayloadFormat = MqttPayloadFormat.Utf8,
                    QualityOfService = MqttQualityOfService.AtMostOnce,
                },
                stoppingToken).ConfigureAwait(false);
        }
    }
}
