using Vedliot.Pipelines.Tests.Infrastructure;
using Vedliot.Testing;
using static Vedliot.Pipelines.Tests.Infrastructure.Tensors;

namespace Vedliot.Pipelines.Tests;

/// <summary>The in-flight window, answer order, input checks and disposal.</summary>
public sealed class PipelineClientFlowTests(MosquittoBroker broker) : IClassFixture<MosquittoBroker>
{
    [Fact]
    public async Task A_submission_beyond_the_window_waits_until_an_answer_frees_a_slot()
    {
        await using var app = await AppSide.CreateAsync(broker);
        var client = await app.RunningClientAsync(o => o.MaxInFlight = 2);
        var first = await client.SubmitAsync(Floats(1));
        await client.SubmitAsync(Floats(2));
        var third = client.SubmitAsync(Floats(3));
        using var cancel = new CancellationTokenSource();
        var fourth = client.SubmitAsync(Floats(4), cancel.Token);
        Assert.False(third.IsCompleted);
        Assert.Equal(2L, client.Statistics().Submitted); // numbered only once a slot is free

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fourth.WaitAsync(TestTimeouts.Safety));
        Assert.False(third.IsCompleted);

        var sent = await app.Pipeline.NextRequestAsync();
        await app.Pipeline.NextRequestAsync();
        await app.Pipeline.AnswerAsync(sent, Floats(0));
        await first.Answer.WaitAsync(TestTimeouts.Safety);
        var request = await third.WaitAsync(TestTimeouts.Safety);
        Assert.Equal(3UL, request.Sequence);
        Assert.Equal(3UL, IdOf(await app.Pipeline.NextRequestAsync()).Sequence);
        Assert.Equal((3L, 2), (client.Statistics().Submitted, client.Statistics().InFlight));
    }

    [Fact]
    public async Task Failed_requests_free_their_slots_too()
    {
        await using var app = await AppSide.CreateAsync(broker);
        var client = await app.RunningClientAsync(o => o.MaxInFlight = 1);
        for (var i = 0; i < 3; i++)
        {
            var request = await client.SubmitAsync(Floats(i)).WaitAsync(TestTimeouts.Safety);
            await app.Pipeline.AnswerErrorAsync(await app.Pipeline.NextRequestAsync(), "no");
            await Assert.ThrowsAsync<PipelineRequestException>(() => request.Answer.WaitAsync(TestTimeouts.Safety));
        }

        Assert.Equal(3L, client.Statistics().Failed);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Answers_arriving_in_reverse_complete_in_submission_order_only_when_ordered(bool ordered)
    {
        await using var app = await AppSide.CreateAsync(broker);
        var client = await app.RunningClientAsync(o => o.Ordered = ordered);
        var barrier = await app.StartClientAsync();
        var requests = new List<PipelineRequest>();
        var received = new List<Messaging.Packets.MqttApplicationMessage>();
        for (var i = 1; i <= 3; i++)
        {
            requests.Add(await client.SubmitAsync(Floats(i)));
            received.Add(await app.Pipeline.NextRequestAsync());
        }

        await app.Pipeline.AnswerAsync(received[2], Floats(30));
        await app.Pipeline.AnswerAsync(received[1], Floats(20));
        var probe = await barrier.SubmitAsync(Floats(0));
        await app.Pipeline.AnswerAsync(await app.Pipeline.NextRequestAsync(), Floats(0));
        await probe.Answer.WaitAsync(TestTimeouts.Safety); // the answers before it were handled

        if (ordered)
        {
            Assert.All(requests, r => Assert.False(r.Answer.IsCompleted));
        }
        else
        {
            await Task.WhenAll(requests[1].Answer, requests[2].Answer).WaitAsync(TestTimeouts.Safety);
            Assert.False(requests[0].Answer.IsCompleted);
        }

        await app.Pipeline.AnswerAsync(received[0], Floats(10));
        var answers = await Task.WhenAll(requests.Select(r => r.Answer)).WaitAsync(TestTimeouts.Safety);
        Assert.Equal([10f, 20f, 30f], answers.Select(a => ToFloats(a.OnlyTensor)[0]));
    }

    [Fact]
    public async Task Ordered_answers_wait_behind_a_failure_and_then_complete()
    {
        await using var app = await AppSide.CreateAsync(broker);
        var client = await app.RunningClientAsync(o => o.Ordered = true);
        var first = await client.SubmitAsync(Floats(1));
        var second = await client.SubmitAsync(Floats(2));
        var a = await app.Pipeline.NextRequestAsync();
        await app.Pipeline.AnswerAsync(await app.Pipeline.NextRequestAsync(), Floats(2));
        await app.Pipeline.AnswerErrorAsync(a, "stage 1 failed");
        await Assert.ThrowsAsync<PipelineRequestException>(() => first.Answer.WaitAsync(TestTimeouts.Safety));
        Assert.Equal(new[] { 2f }, ToFloats((await second.Answer.WaitAsync(TestTimeouts.Safety)).OnlyTensor));
    }

    [Fact]
    public async Task A_frame_to_a_pipeline_of_several_inputs_is_refused_naming_them()
    {
        await using var app = await AppSide.CreateAsync(broker);
        var client = await app.RunningClientAsync(inputs: ["image", "mask"]);
        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.SubmitAsync(Floats(1)));
        Assert.Contains("takes 2 inputs [image, mask]", error.Message, StringComparison.Ordinal);
        Assert.Equal(0L, client.Statistics().Submitted);
    }

    [Theory]
    [InlineData("image")]
    [InlineData("image,mask,extra")]
    [InlineData("image,masks")]
    public async Task A_bundle_whose_names_differ_from_the_inputs_is_refused_listing_both(string names)
    {
        await using var app = await AppSide.CreateAsync(broker);
        var client = await app.RunningClientAsync(inputs: ["image", "mask"]);
        var tensors = names.Split(',').Select(n => Named(n, 1)).ToList();
        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.SubmitAsync(tensors));
        Assert.Contains("takes [image, mask]", error.Message, StringComparison.Ordinal);
        Assert.Contains($"carries [{string.Join(", ", names.Split(','))}]", error.Message, StringComparison.Ordinal);
        Assert.Equal("inputs", error.ParamName);
    }

    [Fact]
    public async Task A_bundle_that_breaks_the_format_fails_without_using_a_slot()
    {
        await using var app = await AppSide.CreateAsync(broker);
        var client = await app.RunningClientAsync(o => o.MaxInFlight = 1, inputs: ["a", "b"]);
        var bad = new Messaging.Tensors.NamedTensor { Name = "b", Frame = new Messaging.Tensors.TensorFrame { ElementType = Messaging.Tensors.TensorElementType.Float32, Shape = [3], Data = new byte[4] } };
        await Assert.ThrowsAnyAsync<Exception>(() => client.SubmitAsync([Named("a", 1), bad]));
        var request = await client.SubmitAsync([Named("a", 1), Named("b", 2)]).WaitAsync(TestTimeouts.Safety);
        Assert.Equal(2UL, IdOf(await app.Pipeline.NextRequestAsync()).Sequence);
        Assert.Equal(2UL, request.Sequence);
    }

    [Fact]
    public async Task Dispose_cancels_every_answer_and_waiting_submission_and_leaves_nothing_running()
    {
        await using var app = await AppSide.CreateAsync(broker);
        var client = await app.RunningClientAsync(o => (o.Ordered, o.MaxInFlight) = (true, 2));
        var first = await client.SubmitAsync(Floats(1));
        var second = await client.SubmitAsync(Floats(2));
        await app.Pipeline.NextRequestAsync();
        await app.Pipeline.AnswerAsync(await app.Pipeline.NextRequestAsync(), Floats(2)); // held behind the first; its slot is free
        var probe = await app.StartClientAsync();
        var barrier = await probe.SubmitAsync(Floats(0));
        await app.Pipeline.AnswerAsync(await app.Pipeline.NextRequestAsync(), Floats(0));
        await barrier.Answer.WaitAsync(TestTimeouts.Safety);
        Assert.False(second.Answer.IsCompleted);
        var third = await client.SubmitAsync(Floats(3)).WaitAsync(TestTimeouts.Safety);
        await app.Pipeline.NextRequestAsync();
        var waiting = client.SubmitAsync(Floats(4));
        Assert.Equal(3L, client.Statistics().Submitted);

        await client.DisposeAsync().AsTask().WaitAsync(TestTimeouts.Safety);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.Answer.WaitAsync(TestTimeouts.Safety));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => third.Answer.WaitAsync(TestTimeouts.Safety));
        Assert.Equal(new[] { 2f }, ToFloats((await second.Answer.WaitAsync(TestTimeouts.Safety)).OnlyTensor)); // answered, released behind the cancelled first
        await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting.WaitAsync(TestTimeouts.Safety));
        Assert.True(client.ResenderTask.IsCompleted);
        await probe.DisposeAsync();
        Assert.False(app.Time.WaitForTimerAsync(_ => true).IsCompleted, "a timer of the disposed clients still waits");
        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.SubmitAsync(Floats(4)));
        await client.DisposeAsync(); // twice is fine
    }
}
