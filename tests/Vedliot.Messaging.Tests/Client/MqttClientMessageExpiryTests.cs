using Vedliot.Messaging.Client;
using Vedliot.Messaging.Packets;
using Vedliot.Messaging.Tests.Infrastructure;
using Vedliot.Testing;

namespace Vedliot.Messaging.Tests.Client;

/// <summary>
/// Outgoing messages age while they wait in the client (MQTT 5.0 §3.3.2.3.3): against a broker
/// scripted packet by packet, on a manual clock.
/// </summary>
public sealed class MqttClientMessageExpiryTests : IAsyncLifetime
{
    private static readonly TimeSpan BackOff = TimeSpan.FromSeconds(2);
    private readonly ScriptedBroker _broker = new();
    private readonly TimerAwareFakeTimeProvider _time = new();
    private readonly TaskCompletionSource<MqttConnectionClosed> _firstClose = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private MqttClient? _client;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }

        await _broker.DisposeAsync();
    }

    private async Task<(MqttClient Client, BrokerConnection Broker)> ConnectAsync(ConnAckPacket? connAck = null, MqttProtocolVersion version = MqttProtocolVersion.V500)
    {
        _client = new MqttClient(new MqttClientOptions
        {
            Host = "127.0.0.1",
            Port = _broker.Port,
            ClientId = "expiry",
            ProtocolVersion = version,
            CleanStart = true,
            SessionExpiryIntervalSeconds = version == MqttProtocolVersion.V500 ? 300u : 0u,
            KeepAlive = TimeSpan.Zero,
            ConnectTimeout = TimeSpan.FromHours(1),
            TimeProvider = _time,
            Reconnect = new MqttReconnectOptions { Enabled = true, InitialDelay = BackOff, JitterFraction = 0 },
        });
        _client.DisconnectedAsync += e =>
        {
            _firstClose.TrySetResult(e);
            return Task.CompletedTask;
        };
        var accept = _broker.AcceptAndConnAckAsync(connAck, version);
        await _client.ConnectAsync();
        var (broker, _) = await accept;
        return (_client, broker);
    }

    /// <summary>Drops the connection and lets the client reconnect after its back-off, answering with <paramref name="connAck"/>.</summary>
    private async Task<BrokerConnection> ReconnectAsync(BrokerConnection broker, ConnAckPacket connAck, MqttProtocolVersion version = MqttProtocolVersion.V500)
    {
        await broker.DisposeAsync();
        Assert.True((await _firstClose.Task.WaitAsync(TestTimeouts.Safety)).WillReconnect);
        await _time.WaitForTimerAsync(d => d == BackOff);
        var accept = _broker.AcceptAndConnAckAsync(connAck, version);
        _time.Advance(BackOff);
        var (again, connect) = await accept;
        Assert.False(connect.CleanStart);
        return again;
    }

    private static MqttApplicationMessage Message(string topic, uint? expirySeconds, MqttQualityOfService qos = MqttQualityOfService.AtLeastOnce) =>
        new() { Topic = topic, Payload = "x"u8.ToArray(), QualityOfService = qos, MessageExpiryIntervalSeconds = expirySeconds };

    [Fact]
    public async Task A_message_resent_after_a_reconnect_carries_the_lifetime_it_has_left()
    {
        var (client, broker) = await ConnectAsync();
        var aging = client.PublishAsync(Message("aging", 100));
        var timeless = client.PublishAsync(Message("timeless", null));
        var first = await broker.ReceiveAsync<PublishPacket>();
        Assert.Equal(100u, first.MessageExpiryIntervalSeconds); // sent at once: the interval as set
        await broker.ReceiveAsync<PublishPacket>();

        _time.Advance(TimeSpan.FromSeconds(38)); // unacknowledged for 38 s, then 2 s of back-off
        var broker2 = await ReconnectAsync(broker, new ConnAckPacket { SessionPresent = true });

        var resent = await broker2.ReceiveAsync<PublishPacket>();
        Assert.Equal(("aging", true, 60u), (resent.Topic, resent.Duplicate, resent.MessageExpiryIntervalSeconds));
        var resentTimeless = await broker2.ReceiveAsync<PublishPacket>();
        Assert.Equal(("timeless", true, (uint?)null), (resentTimeless.Topic, resentTimeless.Duplicate, resentTimeless.MessageExpiryIntervalSeconds));
        await broker2.SendAsync(new PubAckPacket { PacketIdentifier = resent.PacketIdentifier });
        await broker2.SendAsync(new PubAckPacket { PacketIdentifier = resentTimeless.PacketIdentifier });
        Assert.True((await aging).IsSuccess);
        Assert.True((await timeless).IsSuccess);
    }

    [Fact]
    public async Task A_message_whose_lifetime_elapsed_before_it_could_be_resent_is_not_sent_and_its_publish_fails()
    {
        var (client, broker) = await ConnectAsync();
        var expiring = client.PublishAsync(Message("expiring", 40));
        var lasting = client.PublishAsync(Message("lasting", 41));
        await broker.ReceiveAsync<PublishPacket>();
        await broker.ReceiveAsync<PublishPacket>();

        _time.Advance(TimeSpan.FromSeconds(38)); // 40 s with the back-off: the first has no time left, the second 1 s
        var broker2 = await ReconnectAsync(broker, new ConnAckPacket { SessionPresent = true });

        var ex = await Assert.ThrowsAsync<MqttMessageExpiredException>(() => expiring.WaitAsync(TestTimeouts.Safety));
        Assert.Equal("expiring", ex.Topic);
        var resent = await broker2.ReceiveAsync<PublishPacket>(); // the first packet after CONNACK: the expired one was left out
        Assert.Equal(("lasting", 1u), (resent.Topic, resent.MessageExpiryIntervalSeconds));
        await broker2.SendAsync(new PubAckPacket { PacketIdentifier = resent.PacketIdentifier });
        Assert.True((await lasting).IsSuccess);
        Assert.Equal(0, client.InFlightCount);
    }

    [Fact]
    public async Task The_remaining_lifetime_is_rounded_up_to_whole_seconds()
    {
        var (client, broker) = await ConnectAsync();
        var publish = client.PublishAsync(Message("t", 10));
        await broker.ReceiveAsync<PublishPacket>();

        _time.Advance(TimeSpan.FromSeconds(7.5)); // 9.5 s with the back-off: 0.5 s left, sent as 1 s rather than 0
        var broker2 = await ReconnectAsync(broker, new ConnAckPacket { SessionPresent = true });

        var resent = await broker2.ReceiveAsync<PublishPacket>();
        Assert.Equal(1u, resent.MessageExpiryIntervalSeconds);
        await broker2.SendAsync(new PubAckPacket { PacketIdentifier = resent.PacketIdentifier });
        Assert.True((await publish).IsSuccess);
    }

    [Fact]
    public async Task Messages_resent_to_a_server_that_lost_the_session_are_aged_as_well()
    {
        var (client, broker) = await ConnectAsync();
        var expiring = client.PublishAsync(Message("expiring", 30, MqttQualityOfService.ExactlyOnce));
        var aging = client.PublishAsync(Message("aging", 50, MqttQualityOfService.ExactlyOnce));
        await broker.ReceiveAsync<PublishPacket>();
        await broker.ReceiveAsync<PublishPacket>();

        _time.Advance(TimeSpan.FromSeconds(38));
        var broker2 = await ReconnectAsync(broker, new ConnAckPacket { SessionPresent = false });

        await Assert.ThrowsAsync<MqttMessageExpiredException>(() => expiring.WaitAsync(TestTimeouts.Safety));
        var resent = await broker2.ReceiveAsync<PublishPacket>();
        Assert.Equal(("aging", false, 10u), (resent.Topic, resent.Duplicate, resent.MessageExpiryIntervalSeconds));
        await broker2.SendAsync(new PubRecPacket { PacketIdentifier = resent.PacketIdentifier });
        await broker2.ReceiveAsync<PubRelPacket>();
        await broker2.SendAsync(new PubCompPacket { PacketIdentifier = resent.PacketIdentifier });
        Assert.True((await aging).IsSuccess);
    }

    [Fact]
    public async Task A_QoS2_message_the_server_has_received_is_released_however_long_it_waited()
    {
        var (client, broker) = await ConnectAsync();
        var publish = client.PublishAsync(Message("t", 10, MqttQualityOfService.ExactlyOnce));
        var sent = await broker.ReceiveAsync<PublishPacket>();
        await broker.SendAsync(new PubRecPacket { PacketIdentifier = sent.PacketIdentifier });
        await broker.ReceiveAsync<PubRelPacket>();

        _time.Advance(TimeSpan.FromMinutes(5)); // the PUBREL is pending: the server owns the message, expiry is its business
        var broker2 = await ReconnectAsync(broker, new ConnAckPacket { SessionPresent = true });

        Assert.Equal(sent.PacketIdentifier, (await broker2.ReceiveAsync<PubRelPacket>()).PacketIdentifier);
        await broker2.SendAsync(new PubCompPacket { PacketIdentifier = sent.PacketIdentifier });
        Assert.True((await publish).IsSuccess);
    }

    [Fact]
    public async Task A_message_that_waited_for_flow_control_quota_carries_the_lifetime_it_has_left_or_expires()
    {
        var (client, broker) = await ConnectAsync(new ConnAckPacket { ReceiveMaximum = 1 });
        var holder = client.PublishAsync(Message("holder", null));
        var first = await broker.ReceiveAsync<PublishPacket>();
        var aging = client.PublishAsync(Message("aging", 10));
        var expiring = client.PublishAsync(Message("expiring", 4));
        Assert.False(aging.IsCompleted); // no quota until the first is acknowledged

        _time.Advance(TimeSpan.FromSeconds(4));
        await broker.SendAsync(new PubAckPacket { PacketIdentifier = first.PacketIdentifier });
        var second = await broker.ReceiveAsync<PublishPacket>();
        Assert.Equal(("aging", 6u), (second.Topic, second.MessageExpiryIntervalSeconds));
        await broker.SendAsync(new PubAckPacket { PacketIdentifier = second.PacketIdentifier });

        await Assert.ThrowsAsync<MqttMessageExpiredException>(() => expiring.WaitAsync(TestTimeouts.Safety));
        var after = client.PublishAsync(Message("after", null)); // the expired message gave its quota back
        Assert.Equal("after", (await broker.ReceiveAsync<PublishPacket>()).Topic);
        Assert.True((await holder).IsSuccess);
        Assert.True((await aging).IsSuccess);
        Assert.False(after.IsCompleted);
    }

    [Fact]
    public async Task Over_MQTT_3_1_1_messages_carry_no_expiry_and_are_resent_however_long_they_waited()
    {
        var (client, broker) = await ConnectAsync(version: MqttProtocolVersion.V311);
        var publish = client.PublishAsync(Message("t", 10));
        await broker.ReceiveAsync<PublishPacket>();

        _time.Advance(TimeSpan.FromMinutes(5));
        var broker2 = await ReconnectAsync(broker, new ConnAckPacket { SessionPresent = true }, MqttProtocolVersion.V311);

        var resent = await broker2.ReceiveAsync<PublishPacket>();
        Assert.Equal(("t", true), (resent.Topic, resent.Duplicate));
        await broker2.SendAsync(new PubAckPacket { PacketIdentifier = resent.PacketIdentifier });
        Assert.True((await publish).IsSuccess);
    }
}
