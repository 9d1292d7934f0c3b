using System.Text;
using Vedliot.Hosting.Broker;
using Vedliot.Hosting.LocalPlatform;
using Vedliot.Messaging.Client;
using Vedliot.Messaging.Packets;
using Vedliot.Testing;

namespace Vedliot.Hosting.Tests.LocalPlatform;

/// <summary>The deployment ACL as mosquitto enforces it: a local broker with one orchestrator, two apps and two nodes.</summary>
public sealed class DeploymentAclBrokerTests : IAsyncLifetime, IDisposable
{
    private static readonly Dictionary<string, string> Apps = new(StringComparer.Ordinal)
    {
        ["home-app"] = "vedliot/smart-home/#",
        ["car-app"] = "vedliot/automotive/#",
    };

    /// <summary>The home app also announces itself to Home Assistant (its manifest's app_topics).</summary>
    private static readonly Dictionary<string, IReadOnlyList<string>> OwnTopics = new(StringComparer.Ordinal) { ["home-app"] = ["homeassistant/#"] };

    private TempDirectory _directory = null!;
    private readonly Dictionary<string, string> _users = new[] { "orchestrator", "home-app", "car-app", "n1", "n2" }.ToDictionary(u => u, u => u + "-secret", StringComparer.Ordinal);
    private readonly List<MqttClient> _clients = [];
    private LocalBroker _broker = null!;

    public async Task InitializeAsync()
    {
        _directory = new TempDirectory();
        _broker = await LocalBroker.StartAsync(_directory.File("broker"), _users, LocalBroker.DeploymentAcl("orchestrator", Apps, ["n1", "n2"], appOwnTopics: OwnTopics), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        await _broker.DisposeAsync();
    }

    public void Dispose() => _directory?.Dispose();

    private async Task<(MqttClient Client, MessageRecorder Recorder)> ConnectAsync(string user)
    {
        var client = new MqttClient(new BrokerConnectionOptions
        {
            Host = LocalBroker.Host,
            Port = _broker.Port,
            UseTls = true,
            CaCertificatePath = _broker.CaCertificatePath,
            UserName = user,
            Password = Encoding.UTF8.GetBytes(_users[user]),
        }.CreateClientOptions(user + "-client", TimeProvider.System));
        _clients.Add(client);
        var recorder = new MessageRecorder(client);
        await client.ConnectAsync();
        return (client, recorder);
    }

    private static async Task SubscribeAsync(MqttClient client, params string[] filters)
    {
        foreach (var filter in filters)
        {
            await client.SubscribeAsync(filter, MqttQualityOfService.AtLeastOnce);
        }
    }

    private static MqttApplicationMessage Message(string topic) => new() { Topic = topic, Payload = "x"u8.ToArray(), QualityOfService = MqttQualityOfService.AtLeastOnce };

    // mosquitto grants subscriptions and acknowledges publishes whatever the ACL says, and drops what it denies; so
    // every check is by delivery: a denied message is followed by an allowed one from the same client, and once
    // that one has arrived (in order) the denied one has not.

    [Fact]
    public async Task A_node_reads_app_requests_and_answers_on_every_apps_topics_but_stays_out_of_other_nodes_topics()
    {
        var (orchestrator, observed) = await ConnectAsync("orchestrator");
        var (node, nodeRecorder) = await ConnectAsync("n1");
        var (home, homeRecorder) = await ConnectAsync("home-app");
        var (car, carRecorder) = await ConnectAsync("car-app");
        await SubscribeAsync(orchestrator, "#");
        await SubscribeAsync(node, "vedliot/smart-home/in", "vedliot/pipelines/p/g1/stage/1", "vedliot/nodes/n2/control", "vedliot/deployments/+/status");
        await SubscribeAsync(home, "vedliot/smart-home/replies");
        await SubscribeAsync(car, "vedliot/automotive/out");

        // Reads: the app's request and the stage topic, not another node's commands or deployment status.
        await home.PublishAsync(Message("vedliot/smart-home/in"));
        await nodeRecorder.WaitForAsync("vedliot/smart-home/in");
        await orchestrator.PublishAsync(Message("vedliot/nodes/n2/control"));
        await orchestrator.PublishAsync(Message("vedliot/deployments/d/status"));
        await orchestrator.PublishAsync(Message("vedliot/pipelines/p/g1/stage/1"));
        await nodeRecorder.WaitForAsync("vedliot/pipelines/p/g1/stage/1");
        Assert.DoesNotContain(nodeRecorder.Messages, m => m.Topic is "vedliot/nodes/n2/control" or "vedliot/deployments/d/status");

        // Writes: answers on both apps' topics and its own topics, not another node's.
        await node.PublishAsync(Message("vedliot/smart-home/replies"));
        await node.PublishAsync(Message("vedliot/automotive/out"));
        await homeRecorder.WaitForAsync("vedliot/smart-home/replies");
        await carRecorder.WaitForAsync("vedliot/automotive/out");
        await node.PublishAsync(Message("vedliot/nodes/n2/announce"));
        await node.PublishAsync(Message("vedliot/nodes/n1/announce"));
        await observed.WaitForAsync("vedliot/nodes/n1/announce");
        Assert.DoesNotContain(observed.Messages, m => m.Topic == "vedliot/nodes/n2/announce");
    }

    [Fact]
    public async Task An_app_reads_pipeline_notices_but_no_other_protocol_topics_or_other_apps_topics()
    {
        var (orchestrator, observed) = await ConnectAsync("orchestrator");
        var (home, homeRecorder) = await ConnectAsync("home-app");
        await SubscribeAsync(orchestrator, "#");
        await SubscribeAsync(home, "vedliot/pipelines/+/notice", "vedliot/pipelines/p/g1/stage/1", "vedliot/automotive/out", "vedliot/nodes/n1/control");

        await orchestrator.PublishAsync(Message("vedliot/pipelines/p/g1/stage/1"));
        await orchestrator.PublishAsync(Message("vedliot/automotive/out"));
        await orchestrator.PublishAsync(Message("vedliot/nodes/n1/control"));
        await orchestrator.PublishAsync(Message("vedliot/pipelines/p/notice"));
        await homeRecorder.WaitForAsync("vedliot/pipelines/p/notice");
        Assert.Single(homeRecorder.Messages);

        // Reading notices is all: the app cannot forge one, nor feed a stage topic directly.
        var (_, before) = await observed.WaitForAsync("vedliot/pipelines/p/notice");
        await home.PublishAsync(Message("vedliot/pipelines/q/notice"));
        await home.PublishAsync(Message("vedliot/pipelines/p/g1/stage/1"));
        await home.PublishAsync(Message("vedliot/smart-home/in"));
        var (_, after) = await observed.WaitForAsync("vedliot/smart-home/in", from: before + 1);
        Assert.DoesNotContain(observed.Messages.Skip(before + 1).Take(after - before - 1), m => m.Topic.StartsWith("vedliot/pipelines/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Only_the_app_granted_its_own_topics_uses_them_not_another_app_nor_a_node()
    {
        var (orchestrator, observed) = await ConnectAsync("orchestrator");
        var (home, homeRecorder) = await ConnectAsync("home-app");
        var (car, carRecorder) = await ConnectAsync("car-app");
        var (node, nodeRecorder) = await ConnectAsync("n1");
        await SubscribeAsync(orchestrator, "#");
        await SubscribeAsync(home, "homeassistant/status");
        await SubscribeAsync(car, "homeassistant/#", "vedliot/automotive/out");
        await SubscribeAsync(node, "homeassistant/#", "vedliot/smart-home/in");

        // The home app writes and reads there; the others read nothing of it.
        await home.PublishAsync(Message("homeassistant/sensor/vedliot_smart_home/score/config"));
        await observed.WaitForAsync("homeassistant/sensor/vedliot_smart_home/score/config");
        await orchestrator.PublishAsync(Message("homeassistant/status"));
        await homeRecorder.WaitForAsync("homeassistant/status");
        await orchestrator.PublishAsync(Message("vedliot/automotive/out"));
        await orchestrator.PublishAsync(Message("vedliot/smart-home/in"));
        await carRecorder.WaitForAsync("vedliot/automotive/out");
        await nodeRecorder.WaitForAsync("vedliot/smart-home/in");
        Assert.DoesNotContain(carRecorder.Messages, m => m.Topic.StartsWith("homeassistant/", StringComparison.Ordinal));
        Assert.DoesNotContain(nodeRecorder.Messages, m => m.Topic.StartsWith("homeassistant/", StringComparison.Ordinal));

        // Nor do they write there.
        var (_, before) = await observed.WaitForAsync("vedliot/smart-home/in");
        await car.PublishAsync(Message("homeassistant/sensor/car/config"));
        await node.PublishAsync(Message("homeassistant/sensor/n1/config"));
        await node.PublishAsync(Message("vedliot/smart-home/replies"));
        var (_, after) = await observed.WaitForAsync("vedliot/smart-home/replies", from: before + 1);
        Assert.DoesNotContain(observed.Messages.Skip(before + 1).Take(after - before - 1), m => m.Topic.StartsWith("homeassistant/", StringComparison.Ordinal));
    }
}
