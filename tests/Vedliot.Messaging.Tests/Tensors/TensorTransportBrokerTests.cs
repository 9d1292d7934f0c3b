using System.Runtime.InteropServices;
using Vedliot.Messaging.Client;
using Vedliot.Messaging.Packets;
using Vedliot.Messaging.Tensors;
using Vedliot.Messaging.Tests.Infrastructure;

namespace Vedliot.Messaging.Tests.Tensors;

/// <summary>Tensor frames between pipeline stages through the real mosquitto.</summary>
[Collection(MosquittoGroup.Name)]
public sealed class TensorTransportBrokerTests(SecuredMosquittoBroker broker) : IAsyncLifetime
{
    private readonly string _prefix = "tensor" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<MqttClient> _clients = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }
    }

    private async Task<MqttClient> StageAsync(string name)
    {
        var client = new MqttClient(broker.Options(_prefix + "-" + name));
        _clients.Add(client);
        await client.ConnectAsync();
        return client;
    }

    [Fact]
    public async Task A_two_stage_pipeline_passes_activations_with_their_ids_intact()
    {
        var stage1 = await StageAsync("stage1");
        stage1.MessageReceivedAsync += async e =>
        {
            var input = TensorMessages.Read(e.Message);
            var doubled = TensorFrameCodec.GetElements<float>(input).ToArray().Select(v => v * 2).ToArray();
            var output = new TensorFrame
            {
                ElementType = TensorElementType.Float32,
                Shape = input.Shape,
                PipelineId = input.PipelineId,
                RequestId = input.RequestId,
                StageIndex = input.StageIndex + 1,
                Data = MemoryMarshal.AsBytes(doubled.AsSpan()).ToArray(),
            };
            await stage1.PublishAsync(TensorMessages.Create(_prefix + "/stage2/in", output, MqttQualityOfService.AtLeastOnce));
        };
        await stage1.SubscribeAsync(_prefix + "/stage1/in", MqttQualityOfService.AtLeastOnce);
        var sink = await StageAsync("sink");
        var inbox = new MessageCollector(sink);
        await sink.SubscribeAsync(_prefix + "/stage2/in", MqttQualityOfService.AtLeastOnce);
        var source = await StageAsync("source");

        var values = Enumerable.Range(0, 3 * 224).Select(i => (float)i).ToArray();
        for (ulong request = 1; request <= 5; request++)
        {
            var frame = new TensorFrame { ElementType = TensorElementType.Float32, Shape = [1, 3, 224], PipelineId = 99, RequestId = request, Data = MemoryMarshal.AsBytes(values.AsSpan()).ToArray() };
            await source.PublishAsync(TensorMessages.Create(_prefix + "/stage1/in", frame, MqttQualityOfService.AtLeastOnce));
        }

        for (ulong request = 1; request <= 5; request++)
        {
            var message = (await inbox.NextAsync()).Message;
            Assert.Equal(TensorMessages.ContentType, message.ContentType);
            var result = TensorMessages.Read(message);
            Assert.Equal((99UL, request, 1u), (result.PipelineId, result.RequestId, result.StageIndex));
            Assert.Equal([1L, 3L, 224L], result.Shape);
            Assert.Equal(values.Select(v => v * 2), TensorFrameCodec.GetElements<float>(result).ToArray());
        }
    }

    [Fact]
    public async Task A_frame_corrupted_on_the_way_is_rejected_with_a_clear_error()
    {
        var receiver = await StageAsync("receiver");
        var inbox = new MessageCollector(receiver);
        await receiver.SubscribeAsync(_prefix + "/corrupt", MqttQualityOfService.AtLeastOnce);
        var sender = await StageAsync("sender");
        var bytes = TensorFrameCodec.Encode(new TensorFrame { ElementType = TensorElementType.Int8, Shape = [16], Data = new byte[16] });
        bytes[^3] ^= 0x40; // as if a bit flipped between stages
        await sender.PublishAsync(new MqttApplicationMessage { Topic = _prefix + "/corrupt", Payload = bytes, ContentType = TensorMessages.ContentType, QualityOfService = MqttQualityOfService.AtLeastOnce });
        var received = (await inbox.NextAsync()).Message;
        var ex = Assert.Throws<TensorFrameException>(() => TensorMessages.Read(received));
        Assert.Contains("checksum mismatch", ex.Message, StringComparison.Ordinal);
        Assert.Throws<TensorFrameException>(() => TensorMessages.Read(new MqttApplicationMessage { Topic = "x", Payload = bytes, ContentType = "text/plain" }));
    }

    [Fact]
    public async Task A_bundle_of_skip_connection_tensors_crosses_the_broker_as_one_message()
    {
        var receiver = await StageAsync("bundle-receiver");
        var inbox = new MessageCollector(receiver);
        await receiver.SubscribeAsync(_prefix + "/stage5/in", MqttQualityOfService.AtLeastOnce);
        var sender = await StageAsync("bundle-sender");

        var main = Enumerable.Range(0, 3 * 224).Select(i => (float)i).ToArray();
        var skip = Enumerable.Range(0, 10).Select(i => (long)i * -7).ToArray();
        for (ulong request = 1; request <= 3; request++)
        {
            var bundle = new TensorBundle
            {
                PipelineId = 99,
                RequestId = request,
                StageIndex = 4,
                Tensors =
                [
                    new NamedTensor { Name = "/backbone/stage4/Relu_output_0", Frame = new TensorFrame { ElementType = TensorElementType.Float32, Shape = [1, 3, 224], PipelineId = 99, RequestId = request, StageIndex = 4, Data = MemoryMarshal.AsBytes(main.AsSpan()).ToArray() } },
                    new NamedTensor { Name = "/backbone/stage1/Add_output_0", Frame = new TensorFrame { ElementType = TensorElementType.Int64, Shape = [2, 5], PipelineId = 99, RequestId = request, StageIndex = 4, Data = MemoryMarshal.AsBytes(skip.AsSpan()).ToArray() } },
                ],
            };
            await sender.PublishAsync(TensorMessages.CreateBundle(_prefix + "/stage5/in", bundle, MqttQualityOfService.AtLeastOnce));
        }

        for (ulong request = 1; request <= 3; request++)
        {
            var message = (await inbox.NextAsync()).Message;
            Assert.Equal(TensorMessages.BundleContentType, message.ContentType);
            var received = TensorMessages.ReadBundle(message, "unused");
            Assert.Equal((99UL, request, 4u), (received.PipelineId, received.RequestId, received.StageIndex));
            Assert.Equal(["/backbone/stage4/Relu_output_0", "/backbone/stage1/Add_output_0"], received.Tensors.Select(t => t.Name));
            Assert.Equal(main, TensorFrameCodec.GetElements<float>(received.Tensors[0].Frame).ToArray());
            Assert.Equal(skip, TensorFrameCodec.GetElements<long>(received.Tensors[1].Frame).ToArray());
        }
    }
}
