using System.Runtime.InteropServices;
using Vedliot.Messaging.Tensors;
using Vedliot.Pipelines.Tests.Infrastructure;
using Vedliot.Testing;
using static Vedliot.Pipelines.Tests.Infrastructure.Tensors;

namespace Vedliot.Pipelines.Tests;

/// <summary>Requests answered once, with tensors, bundles, error replies and answers that are not this client's.</summary>
public sealed class PipelineClientAnswerTests(MosquittoBroker broker) : IClassFixture<MosquittoBroker>
{
    [Fact]
    public async Task A_request_answered_once_completes_with_its_tensor_named_after_the_single_output()
    {
        await using var app = await AppSide.CreateAsync(broker);
        var client = await app.RunningClientAsync(outputs: ["scores"]);
        var request = await client.SubmitAsync(Floats(1, 2, 3));

        var received = await app.Pipeline.NextRequestAsync();
        var id = IdOf(received);
        Assert.Equal((request.Sequence, (byte)0), (id.Sequence, id.Attempt));
        Assert.Equal(app.Pipeline.Endpoint.OutputTopic, received.ResponseTopic);
        Assert.Equal(TensorMessages.ContentType, received.ContentType);
        Assert.Equal(request.Sequence, FrameOf(received).RequestId);
        Assert.Equal([1f, 2f, 3f], ToFloats(FrameOf(received)));

        // 5 floats: 20 bytes of data, a payload no pool hands out at exactly its length.
        await app.Pipeline.AnswerAsync(received, new TensorFrame { ElementType = TensorElementType.Float32, Shape = [1, 5], Data = MemoryMarshal.AsBytes(new float[] { 9, 8, 7, 6, 5 }.AsSpan()).ToArray(), RequestId = id.Sequence });
        var answer = await request.Answer.WaitAsync(TestTimeouts.Safety);

        Assert.Equal(request.Sequence, answer.Sequence);
        Assert.Equal(1, answer.Attempts);
        Assert.Equal("scores", Assert.Single(answer.Tensors).Name);
        Assert.Same(answer.OnlyTensor, answer.Tensor("scores"));
        Assert.Equal([1L, 5L], answer.OnlyTensor.Shape);
        Assert.Equal(TensorElementType.Float32, answer.OnlyTensor.ElementType);

        // The answer owns its payload: more messages through the same receive buffers change nothing.
        for (var i = 0; i < 3; i++)
        {
            var more = await client.SubmitAsync(Floats(i));
            var next = await app.Pipeline.NextRequestAsync();
            await app.Pipeline.AnswerAsync(next, Floats(100, 101, 102, 103, 104));
            await more.Answer.WaitAsync(TestTimeouts.Safety);
        }

        Assert.Equal([9f, 8f, 7f, 6f, 5f], ToFloats(answer.OnlyTensor));
        Assert.True(MemoryMarshal.TryGetArray(answer.OnlyTensor.Data, out var segment));
        Assert.Equal(TensorFrameCodec.Encode(new TensorFrame { ElementType = TensorElementType.Float32, Shape = [1, 5], Data = new byte[20] }).Length, segment.Array!.Length);

        var statistics = client.Statistics();
        Assert.Equal((4L, 4L, 0L, 0L, 0), (statistics.Submitted, statistics.Answered, statistics.Failed, statistics.Resent, statistics.InFlight));
    }

    [Fact]
    public async Task A_lone_frame_of_a_pipeline_with_several_outputs_is_named_output()
    {
        await using var app = await AppSide.CreateAsync(broker);
        var client = await app.RunningClientAsync(outputs: ["a", "b"]);
        var request = await client.SubmitAsync(Floats(1));
        await app.Pipeline.AnswerAsync(await app.Pipeline.NextRequestAsync(), Floats(2));
        Assert.Equal("output", Assert.Single((await request.Answer.WaitAsync(TestTimeouts.Safety)).Tensors).Name);
    }

    [Fact]
    public async Task A_bundle_answer_gives_every_tensor_by_name()
    {
        await using var app = await AppSide.CreateAsync(broker);
        var client = await app.RunningClientAsync(inputs: ["image", "mask"], outputs: ["boxes", "labels"]);
        var request = await client.SubmitAsync([Named("mask", 0, 1), Named("image", 5, 6, 7)]);

        var received = await app.Pipeline.NextRequestAsync();
        Assert.Equal(TensorMessages.BundleContentType, received.ContentType);
        var sent = TensorMessages.ReadBundle(received, "unused");
        Assert.Equal(request.Sequence, sent.RequestId);
        Assert.Equal([5f, 6f, 7f], ToFloats(sent.Tensors.Single(t => t.Name == "image").Frame));
        Assert.All(sent.Tensors, t => Assert.Equal(request.Sequence, t.Frame.RequestId));

        await app.Pipeline.AnswerBundleAsync(received, new TensorBundle { Tensors = [Named("boxes", 1, 2, 3, 4), Named("labels", 7)] });
        var answer = await request.Answer.WaitAsync(TestTimeouts.Safety);
        Assert.Equal(["boxes", "labels"], answer.Tensors.Select(t => t.Name));
        Assert.Equal([1f, 2f, 3f, 4f], ToFloats(answer.Tensor("boxes")));
        Assert.Equal([7f], ToFloats(answer.Tensor("labels")));
        Assert.Contains("[boxes, labels]", Assert.Throws<KeyNotFoundException>(() => answer.Tensor("scores")).Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => answer.OnlyTensor);
    }

    [Fact]
    public async Task An_error_reply_fails_the_request_with_the_stage_text()
    {
        await using var app = await AppSide.CreateAsync(broker);
        var client = await app.RunningClientAsync();
        var request = await client.SubmitAsync(Floats(1));
        await app.Pipeline.AnswerErrorAsync(await app.Pipeline.NextRequestAsync(), "stage 2: input shape [1] does not fit [1,3,224,224]");

        var error = await Assert.ThrowsAsync<PipelineRequestException>(() => request.Answer.WaitAsync(TestTimeouts.Safety));
        Assert.Contains("stage 2: input shape [1] does not fit [1,3,224,224]", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{app.Pipeline.Endpoint.Pipeline}'", error.Message, StringComparison.Ordinal);
        Assert.Equal((0L, 1L, 0), (client.Statistics().Answered, client.Statistics().Failed, client.Statistics().InFlight));
    }

    [Theory]
    [InlineData(TensorMessages.ContentType)]
    [InlineData("text/plain")]
    public async Task An_unusable_answer_fails_the_request_clearly(string contentType)
    {
        await using var app = await AppSide.CreateAsync(broker);
        var client = await app.RunningClientAsync();
        var request = await client.SubmitAsync(Floats(1));
        var received = await app.Pipeline.NextRequestAsync();
        await app.Pipeline.AnswerRawAsync(received, "not a tensor"u8.ToArray(), contentType, received.CorrelationData);

        var error = await Assert.ThrowsAsync<PipelineRequestException>(() => request.Answer.WaitAsync(TestTimeouts.Safety));
        Assert.Contains("unusable result", error.Message, StringComparison.Ordinal);
        Assert.Contains($"request {request.Sequence}", error.Message, StringComparison.Ordinal);
        Assert.Equal(1L, client.Statistics().Failed);
    }

    [Fact]
    public async Task Answers_with_another_client_id_or_no_correlation_are_ignored()
    {
        await using var app = await AppSide.CreateAsync(broker);
        var client = await app.RunningClientAsync();
        var request = await client.SubmitAsync(Floats(1));
        var received = await app.Pipeline.NextRequestAsync();
        var id = IdOf(received);

        var frame = TensorFrameCodec.Encode(Floats(666));
        await app.Pipeline.AnswerRawAsync(received, frame, TensorMessages.ContentType, (id with { Client = Guid.NewGuid() }).ToCorrelationData());
        await app.Pipeline.AnswerRawAsync(received, frame, TensorMessages.ContentType, null);
        await app.Pipeline.AnswerRawAsync(received, frame, TensorMessages.ContentType, new byte[] { 1, 2, 3 });
        await app.Pipeline.AnswerRawAsync(received, frame, TensorMessages.ContentType, (id with { Sequence = 99 }).ToCorrelationData());
        await app.Pipeline.AnswerAsync(received, Floats(42));

        // The answers arrive in the order published: the ignored ones were handled before the real one.
        Assert.Equal(new[] { 42f }, ToFloats((await request.Answer.WaitAsync(TestTimeouts.Safety)).OnlyTensor));
        Assert.Equal((1L, 0L), (client.Statistics().Answered, client.Statistics().Failed));
    }

    [Fact]
    public async Task Two_clients_on_the_shared_output_topic_each_get_their_own_answers()
    {
        await using var app = await AppSide.CreateAsync(broker);
        var first = await app.RunningClientAsync();
        var second = await app.StartClientAsync();
        var one = await first.SubmitAsync(Floats(1));
        var two = await second.SubmitAsync(Floats(2));
        Assert.Equal(one.Sequence, two.Sequence); // both count from 1: the client id tells them apart

        var a = await app.Pipeline.NextRequestAsync();
        var b = await app.Pipeline.NextRequestAsync();
        await app.Pipeline.AnswerAsync(b, Floats(ToFloats(FrameOf(b))[0] * 10));
        await app.Pipeline.AnswerAsync(a, Floats(ToFloats(FrameOf(a))[0] * 10));

        Assert.Equal(new[] { 10f }, ToFloats((await one.Answer.WaitAsync(TestTimeouts.Safety)).OnlyTensor));
        Assert.Equal(new[] { 20f }, ToFloats((await two.Answer.WaitAsync(TestTimeouts.Safety)).OnlyTensor));
    }

    [Fact]
    public async Task A_response_topic_of_its_own_is_where_answers_are_asked_for()
    {
        await using var app = await AppSide.CreateAsync(broker);
        var topic = $"apps/{app.Pipeline.Endpoint.Pipeline}/mine";
        var client = await app.RunningClientAsync(o => o.ResponseTopic = topic);
        var answer = client.SendAsync(Floats(3));
        var received = await app.Pipeline.NextRequestAsync();
        Assert.Equal(topic, received.ResponseTopic);
        await app.Pipeline.AnswerAsync(received, Floats(4));
        Assert.Equal(new[] { 4f }, ToFloats((await answer.WaitAsync(TestTimeouts.Safety)).OnlyTensor));
    }
}
