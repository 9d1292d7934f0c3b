using Vedliot.Messaging.Client;
using Vedliot.Pipelines.Tests.Infrastructure;
using Vedliot.Testing;

namespace Vedliot.Pipelines.Tests;

/// <summary>StartAsync against a real mosquitto: waiting for the notice to say the pipeline runs.</summary>
public sealed class PipelineClientStartTests(MosquittoBroker broker) : IClassFixture<MosquittoBroker>
{
    [Fact]
    public async Task Start_returns_once_a_running_notice_arrives()
    {
        await using var app = await AppSide.CreateAsync(broker);
        await app.Pipeline.PublishNoticeAsync(PipelineState.Placing, 0);
        var start = PipelineClient.StartAsync(app.Mqtt, app.Pipeline.Endpoint, app.Options());
        await app.Time.WaitForTimerAsync(d => d == AppSide.StartTimeout).WaitAsync(TestTimeouts.Safety);
        Assert.False(start.IsCompleted);

        await app.Pipeline.PublishNoticeAsync(PipelineState.Running, 1);
        await using var client = await start.WaitAsync(TestTimeouts.Safety);

        Assert.Equal(PipelineState.Running, client.Notice!.State);
        Assert.Equal(1, client.Notice.Generation);
        Assert.Equal(["x"], client.Notice.Inputs);
    }

    [Fact]
    public async Task Start_takes_the_retained_running_notice()
    {
        await using var app = await AppSide.CreateAsync(broker);
        var client = await app.RunningClientAsync();
        Assert.Equal(PipelineState.Running, client.Notice!.State);
    }

    [Fact]
    public async Task Start_times_out_naming_the_pipeline_and_its_last_state()
    {
        await using var app = await AppSide.CreateAsync(broker);
        await app.Pipeline.PublishNoticeAsync(PipelineState.Stalled, 2, reason: "no GPU admitted");
        var start = app.BeginStart();
        await app.NoticeHandledAsync();
        await app.Time.WaitForTimerAsync(d => d == AppSide.StartTimeout).WaitAsync(TestTimeouts.Safety);
        app.Time.Advance(AppSide.StartTimeout - TimeSpan.FromMilliseconds(1));
        Assert.False(start.IsCompleted);
        app.Time.Advance(TimeSpan.FromMilliseconds(1));

        var error = await Assert.ThrowsAsync<PipelineTimeoutException>(() => start.WaitAsync(TestTimeouts.Safety));
        Assert.Contains($"'{app.Pipeline.Endpoint.Pipeline}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("stalled: no GPU admitted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_times_out_saying_no_notice_arrived()
    {
        await using var app = await AppSide.CreateAsync(broker);
        var start = PipelineClient.StartAsync(app.Mqtt, app.Pipeline.Endpoint, app.Options());
        await app.Time.WaitForTimerAsync(d => d == AppSide.StartTimeout).WaitAsync(TestTimeouts.Safety);
        app.Time.Advance(AppSide.StartTimeout);

        var error = await Assert.ThrowsAsync<PipelineTimeoutException>(() => start.WaitAsync(TestTimeouts.Safety));
        Assert.Contains("no notice arrived", error.Message, StringComparison.Ordinal);
        Assert.Contains(app.Pipeline.Endpoint.NoticeTopic, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stopped_notice_fails_the_start()
    {
        await using var app = await AppSide.CreateAsync(broker);
        await app.Pipeline.PublishNoticeAsync(PipelineState.Stopped, 3, reason: "deployment removed");
        var error = await Assert.ThrowsAsync<PipelineRequestException>(() => PipelineClient.StartAsync(app.Mqtt, app.Pipeline.Endpoint, app.Options()).WaitAsync(TestTimeouts.Safety));
        Assert.Contains("stopped: deployment removed", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{not json", PipelineNotices.ContentType)]
    [InlineData("""{"pipeline":"x"}""", PipelineNotices.ContentType)]
    [InlineData("""{"state":"running"}""", "text/plain")]
    public async Task A_malformed_notice_is_ignored(string payload, string contentType)
    {
        await using var app = await AppSide.CreateAsync(broker);
        await app.Pipeline.PublishRawNoticeAsync(System.Text.Encoding.UTF8.GetBytes(payload), contentType);
        var start = app.BeginStart();
        await app.NoticeHandledAsync();
        Assert.False(start.IsCompleted);
        await app.Time.WaitForTimerAsync(d => d == AppSide.StartTimeout).WaitAsync(TestTimeouts.Safety);

        await app.Pipeline.PublishNoticeAsync(PipelineState.Running, 4);
        await using var client = await start.WaitAsync(TestTimeouts.Safety);
        Assert.Equal(4, client.Notice!.Generation);
    }

    [Fact]
    public async Task A_notice_of_another_pipeline_on_the_topic_is_ignored()
    {
        await using var app = await AppSide.CreateAsync(broker);
        var other = app.Pipeline.Notice(PipelineState.Running, 1) with { Pipeline = "someone-else" };
        var message = PipelineNotices.Create(app.Pipeline.Endpoint.TopicRoot, other);
        await app.Pipeline.PublishRawNoticeAsync(message.Payload.ToArray(), message.ContentType);
        var start = app.BeginStart();
        await app.NoticeHandledAsync();
        await app.Time.WaitForTimerAsync(d => d == AppSide.StartTimeout).WaitAsync(TestTimeouts.Safety);
        app.Time.Advance(AppSide.StartTimeout);

        var error = await Assert.ThrowsAsync<PipelineTimeoutException>(() => start.WaitAsync(TestTimeouts.Safety));
        Assert.Contains("no notice arrived", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_the_start_cancels_the_wait()
    {
        await using var app = await AppSide.CreateAsync(broker);
        using var cancel = new CancellationTokenSource();
        var start = PipelineClient.StartAsync(app.Mqtt, app.Pipeline.Endpoint, app.Options(), cancel.Token);
        await app.Time.WaitForTimerAsync(d => d == AppSide.StartTimeout).WaitAsync(TestTimeouts.Safety);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => start.WaitAsync(TestTimeouts.Safety));
    }

    [Fact]
    public async Task Start_needs_a_connection()
    {
        await using var mqtt = new MqttClient(broker.Options("never-connected"));
        var endpoint = new PipelineEndpoint("p", "in", "out");
        await Assert.ThrowsAsync<MqttNotConnectedException>(() => PipelineClient.StartAsync(mqtt, endpoint, new PipelineClientOptions()).WaitAsync(TestTimeouts.Safety));
    }
}
