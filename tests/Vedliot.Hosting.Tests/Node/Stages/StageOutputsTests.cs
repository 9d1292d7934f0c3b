using Vedliot.Hosting.Node.Stages;
using Vedliot.Hosting.Tests.Infrastructure;
using Vedliot.Messaging.Packets;
using Vedliot.Messaging.Tensors;

namespace Vedliot.Hosting.Tests.Node.Stages;

public sealed class StageOutputsTests
{
    private static readonly byte[] Correlation = [7, 7, 7];

    private static TensorBundle Bundle(params string[] names) => new()
    {
        PipelineId = TestStage.PipelineId,
        RequestId = 5,
        StageIndex = 1,
        Tensors = [.. names.Select(n => new NamedTensor { Name = n, Frame = TestStage.Frame(5, [1f, 2f], stageIndex: 1) })],
    };

    [Fact]
    public void A_forward_carries_the_bundle_and_keeps_response_topic_and_correlation_data()
    {
        var request = new MqttApplicationMessage { Topic = "in", ResponseTopic = "app/replies", CorrelationData = Correlation };

        var forward = StageOutputs.Forward("next", Bundle("y"), request);

        Assert.Equal("next", forward.Topic);
        Assert.Equal(TensorMessages.BundleContentType, forward.ContentType);
        Assert.Equal(MqttQualityOfService.AtLeastOnce, forward.QualityOfService);
        Assert.Equal("app/replies", forward.ResponseTopic);
        Assert.Equal(Correlation, forward.CorrelationData!.Value.ToArray());
        Assert.Equal("y", Assert.Single(TensorMessages.ReadBundle(forward, "other").Tensors).Name);
    }

    [Fact]
    public void An_answer_of_one_tensor_is_a_lone_frame_and_of_several_a_bundle()
    {
        var route = new ReplyRoute("app/out", Correlation);

        var single = StageOutputs.Answer(route, Bundle("y"));
        var several = StageOutputs.Answer(route, Bundle("y", "v"));

        Assert.Equal(TensorMessages.ContentType, single.ContentType);
        Assert.Equal(5ul, TensorMessages.Read(single).RequestId);
        Assert.Equal(TensorMessages.BundleContentType, several.ContentType);
        Assert.Equal(["y", "v"], TensorMessages.ReadBundle(several, "y").Tensors.Select(t => t.Name));
        foreach (var answer in new[] { single, several })
        {
            Assert.Equal("app/out", answer.Topic);
            Assert.Null(answer.ResponseTopic);
            Assert.Equal(Correlation, answer.CorrelationData!.Value.ToArray());
            Assert.Equal(MqttQualityOfService.AtLeastOnce, answer.QualityOfService);
        }
    }
}
