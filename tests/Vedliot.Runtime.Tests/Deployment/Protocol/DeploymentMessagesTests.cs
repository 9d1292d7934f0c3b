using System.Text;
using Vedliot.Messaging.Packets;
using Vedliot.Runtime.Deployment.Protocol;
using Vedliot.Runtime.Execution;
using Vedliot.Runtime.Platform.Descriptors;
using Vedliot.Testing;

namespace Vedliot.Runtime.Tests.Deployment.Protocol;

public sealed class DeploymentMessagesTests
{
    private static readonly DeploymentTopics Topics = new();

    [Fact]
    public void Announcement_carries_a_descriptor_module_unchanged()
    {
        var platform = PlatformDescriptor.Load(Path.Combine(RepositoryPaths.Root, "platforms", "recs-box.yaml"));
        foreach (var module in platform.Modules)
        {
            var sent = new NodeAnnouncement(module.Id, NodeState.Online, module, "1.0.0", new string('a', 64), "TPM simulator at 127.0.0.1:2321", "host", ["p/g1/s0"]);
            var received = DeploymentMessages.Read<NodeAnnouncement>(DeploymentMessages.Create(Topics.Announcement(module.Id), ProtocolContentTypes.Announcement, sent, retain: true), ProtocolContentTypes.Announcement);

            var copy = received.Module!;
            Assert.Equal(module.Id, copy.Id);
            Assert.Equal(module.Kind, copy.Kind);
            Assert.Equal(module.PeakOpsPerSecond.OrderBy(p => p.Key), copy.PeakOpsPerSecond.OrderBy(p => p.Key));
            Assert.Equal(module.Memory, copy.Memory);
            Assert.Equal(module.Power, copy.Power);
            Assert.Equal(module.Operators.Operators?.Order(StringComparer.Ordinal), copy.Operators.Operators?.Order(StringComparer.Ordinal));
            Assert.Equal(module.Operators.Precisions.Order(), copy.Operators.Precisions.Order());
            Assert.Equal(module.Presence, copy.Presence);
            Assert.Equal(module.Properties.OrderBy(p => p.Key), copy.Properties.OrderBy(p => p.Key));
            Assert.Equal(sent.Stages, received.Stages);
        }
    }

    [Fact]
    public void Stage_metrics_keep_their_figure_sources()
    {
        var health = new NodeHealth("zynq-dpu", DateTimeOffset.UnixEpoch, [new StageMetrics("p/g1/s0", 10, 1, 0, 2, 1.5, 2.5, FigureSource.Modelled, 0.004, FigureSource.Modelled, "power model of zynq-dpu")]);
        var read = DeploymentMessages.Read<NodeHealth>(DeploymentMessages.Create(Topics.Health("zynq-dpu"), ProtocolContentTypes.Health, health), ProtocolContentTypes.Health);

        Assert.Equal(health.Stages, read.Stages);
        Assert.Contains("\"modelled\"", Encoding.UTF8.GetString(DeploymentMessages.Serialize(health)), StringComparison.Ordinal);
    }

    [Fact]
    public void Error_reply_is_raised_with_its_text_and_topic()
    {
        var request = new MqttApplicationMessage { Topic = Topics.Control("n1"), ResponseTopic = Topics.Replies("n1"), CorrelationData = new byte[] { 1, 2 } };
        var reply = DeploymentMessages.ReplyError(request, "digest mismatch");

        var error = Assert.Throws<DeploymentProtocolException>(() => DeploymentMessages.Read<StageLoaded>(reply, ProtocolContentTypes.StageLoaded));

        Assert.Equal("vedliot/nodes/n1/replies: digest mismatch", error.Message);
        Assert.Equal(new byte[] { 1, 2 }, reply.CorrelationData!.Value.ToArray());
    }

    [Fact]
    public void Message_of_another_content_type_is_refused_naming_both()
    {
        var message = DeploymentMessages.Create(Topics.Control("n1"), ProtocolContentTypes.StageRelease, new StageRelease("k"));

        var error = Assert.Throws<DeploymentProtocolException>(() => DeploymentMessages.Read<StageAssignment>(message, ProtocolContentTypes.StageAssignment));

        Assert.Contains(ProtocolContentTypes.StageRelease, error.Message, StringComparison.Ordinal);
        Assert.Contains(ProtocolContentTypes.StageAssignment, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("{\"key\":\"k\"}")]
    [InlineData("[]")]
    [InlineData("null")]
    public void Malformed_json_is_a_protocol_error_naming_the_topic(string json)
    {
        var message = new MqttApplicationMessage { Topic = "vedliot/nodes/n1/fetch", Payload = Encoding.UTF8.GetBytes(json), ContentType = ProtocolContentTypes.ArtefactRequest };

        var error = Assert.Throws<DeploymentProtocolException>(() => DeploymentMessages.Read<ArtefactRequest>(message, ProtocolContentTypes.ArtefactRequest));

        Assert.StartsWith("vedliot/nodes/n1/fetch: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_payloads_never_escape_as_anything_but_protocol_errors()
    {
        var random = new Random(20261122);
        var valid = DeploymentMessages.Serialize(new StageAssignment("p/g1/s0", "p", 1, 1, 0, "p.onnx", new string('b', 64), 10, "in", "next", "out", ["x"], ["y"]));
        for (var i = 0; i < 5_000; i++)
        {
            var payload = (byte[])valid.Clone();
            for (var flips = random.Next(1, 6); flips > 0; flips--)
            {
                payload[random.Next(payload.Length)] = (byte)random.Next(256);
            }

            var message = new MqttApplicationMessage { Topic = "t", Payload = payload.AsMemory(0, random.Next(payload.Length + 1)), ContentType = ProtocolContentTypes.StageAssignment };
            try
            {
                DeploymentMessages.Read<StageAssignment>(message, ProtocolContentTypes.StageAssignment);
            }
            catch (DeploymentProtocolException)
            {
            }
        }
    }

    [Theory]
    [InlineData("vedliot/nodes/xeon-d/announce", "xeon-d")]
    [InlineData("vedliot/nodes/a.b_c-1/fetch", "a.b_c-1")]
    [InlineData("vedliot/nodes/xeon-d", null)]
    [InlineData("other/nodes/x/announce", null)]
    [InlineData("vedliot/pipelines/p/g1/results", null)]
    public void Node_of_a_topic_is_its_second_level_under_nodes(string topic, string? node) =>
        Assert.Equal(node, Topics.NodeOf(topic));
}
