using Vedliot.Messaging.Client;
using Vedliot.Pipelines.Tests.Infrastructure;
using Vedliot.Testing;
using static Vedliot.Pipelines.Tests.Infrastructure.Tensors;

namespace Vedliot.Pipelines.Tests;

/// <summary>A broker restart (its own mosquitto, killed and started again on the same port).</summary>
public sealed class PipelineClientReconnectTests : IAsyncLifetime
{
    private readonly MosquittoBroker _broker = new();

    public Task InitializeAsync() => _broker.InitializeAsync();

    public Task DisposeAsync() => _broker.DisposeAsync();

    [Fact]
    public async Task Requests_in_flight_are_sent_again_after_a_reconnection()
    {
        // The app's MQTT client reconnects on the fake clock, so it comes back only once the pipeline has.
        await using var app = await AppSide.CreateAsync(_broker, fakeMqttClock: true);
        var client = await app.RunningClientAsync();
        var lost = new TaskCompletionSource<MqttConnectionClosed>(TaskCreationOptions.RunContinuationsAsynchronously);
        var back = new TaskCompletionSource<MqttConnectionEstablished>(TaskCreationOptions.RunContinuationsAsynchronously);
        app.Mqtt.DisconnectedAsync += e => Task.FromResult(lost.TrySetResult(e));
        app.Mqtt.ConnectedAsync += e => Task.FromResult(back.TrySetResult(e));
        var request = await client.SubmitAsync(Floats(1));
        var first = await app.Pipeline.NextRequestAsync(); // lost with the broker: never answered

        await _broker.KillAsync();
        Assert.True((await lost.Task.WaitAsync(TestTimeouts.Safety)).WillReconnect);
        await _broker.StartAsync();
        await app.Pipeline.ReconnectAsync();
        await app.Time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(1)).WaitAsync(TestTimeouts.Safety);
        app.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await back.Task.WaitAsync(TestTimeouts.Safety)).IsReconnect);

        var again = await app.Pipeline.NextRequestAsync();
        Assert.Equal(IdOf(first) with { Attempt = 1 }, IdOf(again));
        Assert.Equal(first.Payload.ToArray(), again.Payload.ToArray());
        await app.Pipeline.AnswerAsync(again, Floats(2));
        var answer = await request.Answer.WaitAsync(TestTimeouts.Safety);
        Assert.Equal(2, answer.Attempts);
        Assert.Equal((1L, 1L), (client.Statistics().Answered, client.Statistics().Resent));
    }
}
