using System.Text;
using System.Threading.Channels;
using Vedliot.Messaging.Client;
using Vedliot.Messaging.Packets;
using Vedliot.Messaging.Tests.Infrastructure;
using Vedliot.Testing;

namespace Vedliot.Messaging.Tests.Client;

/// <summary>Automatic reconnect against a real mosquitto that is killed and started again (its own instance).</summary>
public sealed class MqttClientReconnectBrokerTests : IAsyncLifetime
{
    private readonly SecuredMosquittoBroker _broker = new();

    public Task InitializeAsync() => _broker.InitializeAsync();

    public Task DisposeAsync() => _broker.DisposeAsync();

    [Fact]
    public async Task Client_reconnects_after_a_broker_restart_and_restores_its_subscriptions()
    {
        var options = _broker.Options("reconnecting");
        options.Reconnect = new MqttReconnectOptions { Enabled = true, InitialDelay = TimeSpan.FromMilliseconds(50), MaximumDelay = TimeSpan.FromMilliseconds(400), RandomSeed = 5 };
        await using var client = new MqttClient(options);
        var connections = Channel.CreateUnbounded<MqttConnectionEstablished>();
        var losses = Channel.CreateUnbounded<MqttConnectionClosed>();
        client.ConnectedAsync += e => connections.Writer.WriteAsync(e).AsTask();
        client.DisconnectedAsync += e => losses.Writer.WriteAsync(e).AsTask();
        var inbox = new MessageCollector(client);
        await client.ConnectAsync();
        Assert.False((await connections.Reader.ReadAsync()).IsReconnect);
        await client.SubscribeAsync("recon/#", MqttQualityOfService.AtLeastOnce);

        await _broker.KillAsync();
        var loss = await losses.Reader.ReadAsync().AsTask().WaitAsync(TestTimeouts.Safety);
        Assert.True(loss.WillReconnect);
        Assert.False(loss.ClientInitiated);
        await _broker.StartAsync();

        var reconnect = await connections.Reader.ReadAsync().AsTask().WaitAsync(TestTimeouts.Safety);
        Assert.True(reconnect.IsReconnect);
        Assert.False(reconnect.ConnAck.SessionPresent); // the broker runs without persistence
        Assert.True(client.IsConnected);

        // Sent after the resubscription on the same connection, so the broker has processed it first.
        await client.PublishAsync(new MqttApplicationMessage { Topic = "recon/after", Payload = "back"u8.ToArray(), QualityOfService = MqttQualityOfService.AtLeastOnce });
        Assert.Equal("back", Encoding.UTF8.GetString((await inbox.NextAsync()).Message.Payload.Span));
    }

    [Theory]
    [InlineData(300u)] // the broker keeps the session: resent with DUP
    [InlineData(0u)] // the broker drops the session: sent afresh
    public async Task Messages_waiting_to_be_resent_age_on_the_client_clock_and_expired_ones_never_reach_the_broker(uint sessionExpirySeconds)
    {
        var time = new TimerAwareFakeTimeProvider();
        await using var proxy = new HoldingTcpProxy(_broker.Port);
        var options = _broker.Options("aging-" + sessionExpirySeconds);
        options.Port = proxy.Port;
        options.TimeProvider = time;
        options.KeepAlive = TimeSpan.Zero;
        options.SessionExpiryIntervalSeconds = sessionExpirySeconds;
        options.Reconnect = new MqttReconnectOptions { Enabled = true, InitialDelay = TimeSpan.FromSeconds(1), JitterFraction = 0 };
        await using var publisher = new MqttClient(options);
        var losses = Channel.CreateUnbounded<MqttConnectionClosed>();
        var connections = Channel.CreateUnbounded<MqttConnectionEstablished>();
        publisher.DisconnectedAsync += e => losses.Writer.WriteAsync(e).AsTask();
        publisher.ConnectedAsync += e => connections.Writer.WriteAsync(e).AsTask();
        await publisher.ConnectAsync();
        await using var subscriber = new MqttClient(_broker.Options("aging-sub-" + sessionExpirySeconds));
        var inbox = new MessageCollector(subscriber);
        await subscriber.ConnectAsync();
        await subscriber.SubscribeAsync("aging/#", MqttQualityOfService.AtLeastOnce);

        proxy.Hold(); // the PUBLISH packets leave the client but never reach the broker: no PUBACK comes back
        var expiring = publisher.PublishAsync(new MqttApplicationMessage { Topic = "aging/short", Payload = "short"u8.ToArray(), QualityOfService = MqttQualityOfService.AtLeastOnce, MessageExpiryIntervalSeconds = 30 });
        var lasting = publisher.PublishAsync(new MqttApplicationMessage { Topic = "aging/long", Payload = "long"u8.ToArray(), QualityOfService = MqttQualityOfService.AtLeastOnce, MessageExpiryIntervalSeconds = 100 });
        Assert.Equal(2, publisher.InFlightCount);
        time.Advance(TimeSpan.FromSeconds(39)); // with the 1 s back-off: 40 s waited

        proxy.CutAll();
        proxy.Release();
        Assert.True((await losses.Reader.ReadAsync().AsTask().WaitAsync(TestTimeouts.Safety)).WillReconnect);
        await time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(1));
        time.Advance(TimeSpan.FromSeconds(1));
        var reconnect = await connections.Reader.ReadAsync().AsTask().WaitAsync(TestTimeouts.Safety); // the first connect
        reconnect = reconnect.IsReconnect ? reconnect : await connections.Reader.ReadAsync().AsTask().WaitAsync(TestTimeouts.Safety);
        Assert.Equal(sessionExpirySeconds > 0, reconnect.ConnAck.SessionPresent);

        await Assert.ThrowsAsync<MqttMessageExpiredException>(() => expiring.WaitAsync(TestTimeouts.Safety));
        Assert.True((await lasting.WaitAsync(TestTimeouts.Safety)).IsSuccess);
        var first = await inbox.NextAsync(); // resent in order, so the expired message would have come first
        Assert.Equal("long", Encoding.UTF8.GetString(first.Message.Payload.Span));
        Assert.InRange(first.Message.MessageExpiryIntervalSeconds!.Value, 58u, 60u); // 100 - 40, less the broker's own (wall clock) holding time
        Assert.Equal(0, publisher.InFlightCount);
    }
}
