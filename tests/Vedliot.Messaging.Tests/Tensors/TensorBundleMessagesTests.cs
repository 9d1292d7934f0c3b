using Vedliot.Messaging.Packets;
using Vedliot.Messaging.Tensors;

namespace Vedliot.Messaging.Tests.Tensors;

public sealed class TensorBundleMessagesTests
{
    [Fact]
    public void A_bundle_message_carries_the_bundle_content_type_and_reads_back_without_copy()
    {
        var bundle = TensorBundleCodecTests.SkipConnectionBundle();
        var message = TensorMessages.CreateBundle("pipeline/7/stage4/in", bundle, MqttQualityOfService.AtLeastOnce);
        Assert.Equal(TensorMessages.BundleContentType, message.ContentType);
        Assert.Equal("application/vnd.vedliot.tensor-bundle.v1", message.ContentType);
        Assert.Equal(MqttQualityOfService.AtLeastOnce, message.QualityOfService);
        Assert.Equal("pipeline/7/stage4/in", message.Topic);

        var read = TensorMessages.ReadBundle(message, "unused");
        Assert.Equal(bundle.Tensors.Select(t => t.Name), read.Tensors.Select(t => t.Name));
        Assert.Equal((bundle.PipelineId, bundle.RequestId, bundle.StageIndex), (read.PipelineId, read.RequestId, read.StageIndex));
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(message.Payload, out var payload));
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(read.Tensors[2].Frame.Data, out var data));
        Assert.Same(payload.Array, data.Array);
    }

    [Fact]
    public void A_single_frame_message_reads_as_a_bundle_of_one_tensor_with_the_given_name()
    {
        var frame = TensorBundleCodecTests.Frame(TensorElementType.Float32, [1, 8], 3, pipelineId: 9, requestId: 10, stageIndex: 2);
        var read = TensorMessages.ReadBundle(TensorMessages.Create("in", frame), "images");
        var tensor = Assert.Single(read.Tensors);
        Assert.Equal("images", tensor.Name);
        Assert.Equal((9UL, 10UL, 2u), (read.PipelineId, read.RequestId, read.StageIndex));
        Assert.Equal([1L, 8L], tensor.Frame.Shape);
        Assert.Equal(frame.Data.ToArray(), tensor.Frame.Data.ToArray());
    }

    [Fact]
    public void A_message_without_content_type_is_read_by_its_magic()
    {
        var bundle = TensorBundleCodecTests.SkipConnectionBundle();
        var asBundle = TensorMessages.ReadBundle(new MqttApplicationMessage { Topic = "t", Payload = TensorBundleCodec.Encode(bundle) }, "x");
        Assert.Equal(3, asBundle.Tensors.Count);

        var frame = TensorBundleCodecTests.Frame(TensorElementType.Int8, [4], 1);
        var asFrame = TensorMessages.ReadBundle(new MqttApplicationMessage { Topic = "t", Payload = TensorFrameCodec.Encode(frame) }, "x");
        Assert.Equal("x", Assert.Single(asFrame.Tensors).Name);

        var ex = Assert.Throws<TensorFrameException>(() => TensorMessages.ReadBundle(new MqttApplicationMessage { Topic = "t", Payload = new byte[2] }, "x"));
        Assert.Contains("Tensor frame of 2 bytes is shorter", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_message_with_another_content_type_is_rejected_naming_topic_and_type()
    {
        var message = new MqttApplicationMessage { Topic = "plant/line1/camera", Payload = TensorBundleCodec.Encode(TensorBundleCodecTests.SkipConnectionBundle()), ContentType = "application/json" };
        var ex = Assert.Throws<TensorFrameException>(() => TensorMessages.ReadBundle(message, "x"));
        Assert.Contains("'plant/line1/camera'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'application/json'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Content_type_and_payload_must_agree()
    {
        var bundleBytes = TensorBundleCodec.Encode(TensorBundleCodecTests.SkipConnectionBundle());
        var ex = Assert.Throws<TensorFrameException>(() => TensorMessages.ReadBundle(new MqttApplicationMessage { Topic = "t", Payload = bundleBytes, ContentType = TensorMessages.ContentType }, "x"));
        Assert.Contains("magic is not 'VTF1'", ex.Message, StringComparison.Ordinal);
        var frameBytes = TensorFrameCodec.Encode(TensorBundleCodecTests.Frame(TensorElementType.Int8, [4], 1));
        ex = Assert.Throws<TensorFrameException>(() => TensorMessages.ReadBundle(new MqttApplicationMessage { Topic = "t", Payload = frameBytes, ContentType = TensorMessages.BundleContentType }, "x"));
        Assert.Contains("magic is 'VTF1' (a single tensor frame)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_single_tensor_name_must_be_a_valid_tensor_name()
    {
        var message = TensorMessages.Create("t", TensorBundleCodecTests.Frame(TensorElementType.Int8, [4], 1));
        Assert.Equal("singleTensorName", Assert.Throws<ArgumentException>(() => TensorMessages.ReadBundle(message, "")).ParamName);
        Assert.Equal("singleTensorName", Assert.Throws<ArgumentException>(() => TensorMessages.ReadBundle(message, new string('n', 1025))).ParamName);
    }

    [Fact]
    public void The_single_frame_api_is_unchanged_and_does_not_take_bundles()
    {
        var frame = TensorBundleCodecTests.Frame(TensorElementType.Int16, [2, 2], 1);
        var message = TensorMessages.Create("t", frame);
        Assert.Equal(TensorMessages.ContentType, message.ContentType);
        Assert.Equal([2L, 2L], TensorMessages.Read(message).Shape);
        var bundle = TensorMessages.CreateBundle("t", TensorBundleCodecTests.Bundle(("a", TensorBundleCodecTests.Frame(TensorElementType.Int8, [1], 1))));
        Assert.Throws<TensorFrameException>(() => TensorMessages.Read(bundle));
    }
}
