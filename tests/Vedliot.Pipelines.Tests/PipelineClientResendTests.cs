using Vedliot.Pipelines.Tests.Infrastructure;
using Vedliot.Testing;
using static Vedliot.Pipelines.Tests.Infrastructure.Tensors;

namespace Vedliot.Pipelines.Tests;

/// <summary>Sending again after a timeout, exactly-once answers, giving up, and the pipeline's notice changing.</summary>
public sealed class PipelineClientResendTests(MosquittoBroker broker) : IClassFixture<MosquittoBroker>
{
    private static readonly TimeSpan Timeout = AppSide.RequestTimeout;

    [Fact]
    public async Task An_unanswered_request_is_sent_again_with_new_correlation_and_the_same_payload()
    {
        await using var app = await AppSide.CreateAsync(broker);
        var client = await app.RunningClientAsync();
        var request = await client.SubmitAsync(Floats(1, 2));
        var first = await app.Pipeline.NextRequestAsync();
        await app.Time.WaitForTimerAsync(d => d == Timeout).WaitAsync(TestTimeouts.Safety);
        app.Time.Advance(Timeout);

        var second = await app.Pipeline.NextRequestAsync();
        Assert.Equal(IdOf(first) with { Attempt = 1 }, IdOf(second));
        Assert.Equal(first.Payload.ToArray(), second.Payload.ToArray());
        Assert.Equal(request.Sequence, FrameOf(second).RequestId);

        // The older attempt's answer comes first: it wins; every later one is dropped.
        await app.Pipeline.AnswerAsync(first, Floats(10));
        await app.Pipeline.AnswerAsync(second, Floats(20));
        await app.Pipeline.AnswerAsync(first, Floats(30));
        var answer = await request.Answer.WaitAsync(TestTimeouts.Safety);
        Assert.Equal([10f], ToFloats(answer.OnlyTensor));
        Assert.Equal(2, answer.Attempts);
        Assert.Equal(Timeout, answer.Latency);

        // A later request's answer is handled after the duplicates (one connection, in order).
        var probe = await client.SubmitAsync(Floats(3));
        await app.Pipeline.AnswerAsync(await app.Pipeline.NextRequestAsync(), Floats(4));
        await probe.Answer.WaitAsync(TestTimeouts.Safety);
        var statistics = client.Statistics();
        Assert.Equal((2L, 2L, 0L, 1L, 0), (statistics.Submitted, statistics.Answered, statistics.Failed, statistics.Resent, statistics.InFlight));
        Assert.Equal(Timeout.TotalMilliseconds, statistics.LatencyP95Ms);
    }

    [Fact]
    public async Task After_the_last_attempt_the_request_fails_naming_pipeline_request_and_attempts()
    {
        await using var app = await AppSide.CreateAsync(broker);
        var client = await app.RunningClientAsync(o => o.MaxAttempts = 3);
        var request = await client.SubmitAsync(Floats(1));
        for (var attempt = 0; attempt < 3; attempt++)
        {
            Assert.Equal((byte)attempt, IdOf(await app.Pipeline.NextRequestAsync()).Attempt);
            Assert.False(request.Answer.IsCompleted);
            await app.Time.WaitForTimerAsync(d => d == Timeout).WaitAsync(TestTimeouts.Safety);
            app.Time.Advance(Timeout);
        }

        var error = await Assert.ThrowsAsync<PipelineTimeoutException>(() => request.Answer.WaitAsync(TestTimeouts.Safety));
        Assert.Contains($"'{app.Pipeline.Endpoint.Pipeline}'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"request {request.Sequence} after 3 attempts", error.Message, StringComparison.Ordinal);
        Assert.Contains("15 s", error.Message, StringComparison.Ordinal);
        var statistics = client.Statistics();
        Assert.Equal((1L, 0L, 1L, 2L, 0), (statistics.Submitted, statistics.Answered, statistics.Failed, statistics.Resent, statistics.InFlight));
        Assert.False(app.Pipeline.TryTakeRequest(out _));
    }

    [Fact]
    public async Task A_newer_generation_resends_what_went_to_older_ones_only()
    {
        await using var app = await AppSide.CreateAsync(broker);
        var client = await app.RunningClientAsync();
        var a = await client.SubmitAsync(Floats(1));
        Assert.Equal(0, IdOf(await app.Pipeline.NextRequestAsync()).Attempt);

        await app.NoticeAsync(PipelineState.Running, 2);
        var resent = await app.Pipeline.NextRequestAsync();
        Assert.Equal((a.Sequence, (byte)1), (IdOf(resent).Sequence, IdOf(resent).Attempt));
        var b = await client.SubmitAsync(Floats(2));
        var bSent = IdOf(await app.Pipeline.NextRequestAsync());
        Assert.Equal((b.Sequence, (byte)0), (bSent.Sequence, bSent.Attempt));

        // The same generation again (after a stall) sends nothing again.
        await app.NoticeAsync(PipelineState.Stalled, 2, "node lost");
        await app.NoticeAsync(PipelineState.Running, 2);
        var c = await client.SubmitAsync(Floats(3));
        var cSent = IdOf(await app.Pipeline.NextRequestAsync());
        Assert.Equal((c.Sequence, (byte)0), (cSent.Sequence, cSent.Attempt));

        // Barrier: the resender works in order, so anything queued by the notices above went before these.
        await app.NoticeAsync(PipelineState.Running, 3);
        var seen = new List<RequestId>();
        for (var i = 0; i < 3; i++)
        {
            seen.Add(IdOf(await app.Pipeline.NextRequestAsync()));
        }

        Assert.Equal([(a.Sequence, 2), (b.Sequence, 1), (c.Sequence, 1)], seen.Select(id => (id.Sequence, (int)id.Attempt)).Order());
        Assert.Equal(4L, client.Statistics().Resent);
    }

    [Fact]
    public async Task A_replacement_through_a_placing_notice_resends_what_went_before_it_ran()
    {
        await using var app = await AppSide.CreateAsync(broker);
        var client = await app.RunningClientAsync();
        var a = await client.SubmitAsync(Floats(1));
        await app.Pipeline.NextRequestAsync();
        await app.NoticeAsync(PipelineState.Placing, 2);
        var b = await client.SubmitAsync(Floats(2)); // sent while no placement runs
        await app.Pipeline.NextRequestAsync();

        await app.NoticeAsync(PipelineState.Running, 2);
        var resent = new[] { IdOf(await app.Pipeline.NextRequestAsync()), IdOf(await app.Pipeline.NextRequestAsync()) };
        Assert.Equal([(a.Sequence, 1), (b.Sequence, 1)], resent.Select(id => (id.Sequence, (int)id.Attempt)).Order());
    }

    [Fact]
    public async Task A_stopped_notice_fails_the_requests_in_flight()
    {
        await using var app = await AppSide.CreateAsync(broker);
        var client = await app.RunningClientAsync();
        var requests = new[] { await client.SubmitAsync(Floats(1)), await client.SubmitAsync(Floats(2)) };
        await app.NoticeAsync(PipelineState.Stopped, 1, "deployment removed");

        foreach (var request in requests)
        {
            var error = await Assert.ThrowsAsync<PipelineRequestException>(() => request.Answer.WaitAsync(TestTimeouts.Safety));
            Assert.Contains($"'{app.Pipeline.Endpoint.Pipeline}' was stopped: deployment removed", error.Message, StringComparison.Ordinal);
        }

        Assert.Equal((2L, 0), (client.Statistics().Failed, client.Statistics().InFlight));
    }
}
