using Microsoft.Extensions.Logging.Abstractions;
using Vedliot.Messaging.Client;
using Vedliot.Messaging.Packets;
using Vedliot.Runtime.Deployment.Orchestration;
using Vedliot.Runtime.Deployment.Protocol;
using Vedliot.Runtime.Platform;
using Vedliot.Runtime.Platform.Descriptors;
using Vedliot.Testing;

namespace Vedliot.Runtime.Tests.Deployment.Orchestration;

/// <summary>A node registry on a fake clock, fed announcements and health reports as the broker would hand them over.</summary>
internal sealed class RegistryUnderTest : IAsyncDisposable
{
    public static readonly DeploymentTopics Topics = new();

    private readonly MqttClient _client = new(new MqttClientOptions { ClientId = "orchestrator-under-test" });

    public RegistryUnderTest()
    {
        Registry = new NodeRegistry(_client, Topics, Time, NullLogger.Instance);
    }

    public TimerAwareFakeTimeProvider Time { get; } = new();

    public NodeRegistry Registry { get; }

    private static readonly Module Template = PlatformDescriptor.Load(Path.Combine(RepositoryPaths.Root, "platforms", "recs-box.yaml")).Modules[0];

    public static Module Cpu(string id) => Template with { Id = id };

    public NodeChange? Announce(string nodeId, NodeState state = NodeState.Online, IReadOnlyList<string>? stages = null, string? claimedId = null) =>
        Registry.OnAnnouncement(DeploymentMessages.Create(
            Topics.Announcement(nodeId),
            ProtocolContentTypes.Announcement,
            new NodeAnnouncement(claimedId ?? nodeId, state, Cpu(nodeId), "1.0.0", new string('a', 64), "TPM simulator", "host", stages ?? []),
            retain: true));

    public NodeHealth? Report(string nodeId, params StageMetrics[] stages) =>
        Registry.OnHealth(new MqttApplicationMessage
        {
            Topic = Topics.Health(nodeId),
            Payload = DeploymentMessages.Serialize(new NodeHealth(nodeId, Time.GetUtcNow(), stages)),
            ContentType = ProtocolContentTypes.Health,
        });

    public async ValueTask DisposeAsync()
    {
        Registry.Dispose();
        await _client.DisposeAsync();
    }
}
