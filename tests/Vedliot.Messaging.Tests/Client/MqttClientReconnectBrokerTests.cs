using System.Text;
using System.Threading.Channels;
using Vedliot.Messaging.Client;
using Vedliot.Messaging.Packets;
using Vedliot.Messaging.Tests.Infrastructure;

namespace Vedliot.Messaging.Tests.Client;

/// <summary>Automatic reconnect against a real mosquitto that is killed and started again (its own instance).</summary>
public sealed class MqttClientReconnectBrokerTests : IAsyncLifetime
{
    private readonly MosquittoFixture _broker = new();

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

        await _broker.StopAsync();
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
}
