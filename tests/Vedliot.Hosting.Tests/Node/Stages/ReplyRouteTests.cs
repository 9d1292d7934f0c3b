using Vedliot.Hosting.Node.Stages;
using Vedliot.Messaging.Packets;
using Vedliot.Messaging.RequestResponse;
using Vedliot.Runtime.Deployment.Protocol;

namespace Vedliot.Hosting.Tests.Node.Stages;

public sealed class ReplyRouteTests
{
    private static readonly DeploymentTopics Topics = new("vedliot");
    private static readonly byte[] Correlation = [1, 2, 3];

    private static MqttApplicationMessage Request(string? responseTopic, byte[]? correlation = null) => new()
    {
        Topic = "vedliot/smart-home/in",
        ResponseTopic = responseTopic,
        CorrelationData = correlation is null ? default(ReadOnlyMemory<byte>?) : correlation,
    };

    [Fact]
    public void A_request_without_a_response_topic_is_answered_on_the_answer_topic_with_its_correlation_data()
    {
        var route = ReplyRoute.Of(Request(null, Correlation), "vedliot/smart-home/out", Topics);

        Assert.Equal("vedliot/smart-home/out", route.Topic);
        Assert.False(route.IsRefused);
        Assert.Equal(Correlation, route.CorrelationData!.Value.ToArray());
    }

    [Fact]
    public void A_valid_response_topic_outside_the_protocol_tree_is_used()
    {
        var route = ReplyRoute.Of(Request("vedliot/smart-home/replies/app-1"), "vedliot/smart-home/out", Topics);

        Assert.Equal("vedliot/smart-home/replies/app-1", route.Topic);
        Assert.False(route.IsRefused);
        Assert.Null(route.CorrelationData);
    }

    [Theory]
    [InlineData("vedliot/nodes/n1/control", "vedliot/nodes/")]
    [InlineData("vedliot/pipelines/p/g1/stage/1", "vedliot/pipelines/")]
    [InlineData("vedliot/deployments/smart-home/status", "vedliot/deployments/")]
    [InlineData("vedliot/pipelines", "vedliot/pipelines/")]
    public void A_response_topic_in_a_reserved_subtree_is_refused_and_the_route_leads_to_the_answer_topic(string responseTopic, string subtree)
    {
        var route = ReplyRoute.Of(Request(responseTopic, Correlation), "vedliot/smart-home/out", Topics);

        Assert.True(route.IsRefused);
        Assert.Equal("vedliot/smart-home/out", route.Topic);
        Assert.Equal(responseTopic, route.RefusedTopic);
        Assert.Contains(subtree, route.RefusedBecause, StringComparison.Ordinal);
        Assert.Equal(Correlation, route.CorrelationData!.Value.ToArray());
    }

    [Theory]
    [InlineData("vedliot/+/replies")]
    [InlineData("vedliot/#")]
    [InlineData("")]
    public void A_response_topic_that_is_no_topic_name_is_refused(string responseTopic)
    {
        var route = ReplyRoute.Of(Request(responseTopic), "vedliot/smart-home/out", Topics);

        Assert.True(route.IsRefused);
        Assert.Equal("vedliot/smart-home/out", route.Topic);
        Assert.Equal(MqttTopic.ValidateTopicName(responseTopic), route.RefusedBecause);
    }

    [Fact]
    public void An_error_along_a_route_is_an_error_reply_with_the_correlation_data_at_qos_1()
    {
        var error = new ReplyRoute("vedliot/smart-home/out", Correlation).Error("stage 'p/g1/s0': boom");

        Assert.Equal("vedliot/smart-home/out", error.Topic);
        Assert.True(ErrorReply.IsErrorReply(error));
        Assert.Equal("stage 'p/g1/s0': boom", ErrorReply.Read(error).Message);
        Assert.Equal(Correlation, error.CorrelationData!.Value.ToArray());
        Assert.Equal(MqttQualityOfService.AtLeastOnce, error.QualityOfService);
    }
}
