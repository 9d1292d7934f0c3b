using Vedliot.Messaging.RequestResponse;
using Vedliot.Hosting.Node.Stages;
using Vedliot.Hosting.Tests.Infrastructure;
using Vedliot.Messaging.Packets;
using Vedliot.Messaging.Tensors;
using Vedliot.Runtime.Deployment.Protocol;

namespace Vedliot.Hosting.Tests.Node.Stages;

public sealed class StageErrorsTests
{
    [Fact]
    public void An_error_carries_the_request_id_and_reads_as_an_error_reply()
    {
        var message = StageErrors.Create("out", 18_446_744_073_709_551_615, "stage 's': boom");

        Assert.Equal(ProtocolContentTypes.Error, message.ContentType);
        Assert.Equal(MqttQualityOfService.AtLeastOnce, message.QualityOfService);
        Assert.Equal(ulong.MaxValue, StageErrors.RequestIdOf(message));
        Assert.Equal("stage 's': boom", DeploymentMessages.Read<ErrorReply>(message, ProtocolContentTypes.Error).Message);
    }

    [Fact]
    public void An_error_without_a_known_request_has_no_request_id()
    {
        Assert.Null(StageErrors.RequestIdOf(StageErrors.Create("out", null, "garbage")));
    }

    [Fact]
    public void A_forwarded_error_keeps_payload_and_properties_on_the_new_topic()
    {
        var error = StageErrors.Create("in", 3, "upstream failed");

        var forwarded = StageErrors.Forward("out", error);

        Assert.Equal("out", forwarded.Topic);
        Assert.Equal(error.Payload.ToArray(), forwarded.Payload.ToArray());
        Assert.Equal(error.ContentType, forwarded.ContentType);
        Assert.Equal(error.UserProperties, forwarded.UserProperties);
    }

    [Fact]
    public void The_request_id_a_frame_or_bundle_header_claims_is_read_even_when_the_payload_is_corrupt()
    {
        var frame = TensorFrameCodec.Encode(TestStage.Frame(77, [1f, 2f]));
        var bundle = TensorMessages.CreateBundle("t", new TensorBundle { RequestId = 78, PipelineId = TestStage.PipelineId, Tensors = [new NamedTensor { Name = "x", Frame = TestStage.Frame(78, [1f]) }] }).Payload.ToArray();
        frame[^1] ^= 0xFF;
        bundle[^1] ^= 0xFF;

        Assert.Equal(77ul, StageErrors.ClaimedRequestId(frame));
        Assert.Equal(78ul, StageErrors.ClaimedRequestId(bundle));
        Assert.Null(StageErrors.ClaimedRequestId("not a tensor at all, just text"u8));
        Assert.Null(StageErrors.ClaimedRequestId(frame.AsSpan(0, 20)));
    }
}
