using System.Text;
using Vedliot.Messaging.Client;
using Vedliot.Messaging.Formatter;
using Vedliot.Messaging.Packets;
using Vedliot.Messaging.Tests.Infrastructure;
using Vedliot.Messaging.Transport;
using Vedliot.Testing;

namespace Vedliot.Messaging.Tests.Client;

/// <summary>Client behaviour against a broker scripted packet by packet, with a manual clock.</summary>
public sealed class MqttClientScriptedTests : IAsyncLifetime
{
    private readonly ScriptedBroker _broker = new();
    private readonly TimerAwareFakeTimeProvider _time = new();
    private readonly List<MqttConnectionClosed> _closed = [];
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

    private MqttClient NewClient(Action<MqttClientOptions>? configure = null)
    {
        var options = new MqttClientOptions
        {
            Host = "127.0.0.1",
            Port = _broker.Port,
            ClientId = "scripted",
            KeepAlive = TimeSpan.Zero,
            ConnectTimeout = TimeSpan.FromHours(1),
            TimeProvider = _time,
            Reconnect = { Enabled = false },
        };
        configure?.Invoke(options);
        _client = new MqttClient(options);
        _client.DisconnectedAsync += e =>
        {
            lock (_closed)
            {
                _closed.Add(e);
            }

            _firstClose.TrySetResult(e);
            return Task.CompletedTask;
        };
        return _client;
    }

    private async Task<(MqttClient Client, BrokerConnection Broker, ConnectPacket Connect)> ConnectAsync(ConnAckPacket? connAck = null, Action<MqttClientOptions>? configure = null)
    {
        var client = NewClient(configure);
        var accept = _broker.AcceptAndConnAckAsync(connAck);
        await client.ConnectAsync();
        var (broker, connect) = await accept;
        return (client, broker, connect);
    }

    [Fact]
    public async Task Connect_sends_the_configured_options_and_adopts_the_assigned_client_id()
    {
        var (client, _, connect) = await ConnectAsync(
            new ConnAckPacket { AssignedClientIdentifier = "assigned-7", ReceiveMaximum = 5, TopicAliasMaximum = 3 },
            o =>
            {
                o.ClientId = string.Empty;
                o.KeepAlive = TimeSpan.FromSeconds(30);
                o.SessionExpiryIntervalSeconds = 120;
                o.UserName = "alice";
                o.Password = Encoding.UTF8.GetBytes("pw");
                o.ReceiveMaximum = 7;
                o.Will = new MqttApplicationMessage { Topic = "will", Payload = "gone"u8.ToArray(), QualityOfService = MqttQualityOfService.AtLeastOnce };
                o.WillDelayIntervalSeconds = 5;
                o.UserProperties = [new("node", "n1")];
            });
        Assert.Equal(string.Empty, connect.ClientId);
        Assert.True(connect.CleanStart);
        Assert.Equal(30, connect.KeepAliveSeconds);
        Assert.Equal(120u, connect.SessionExpiryIntervalSeconds);
        Assert.Equal("alice", connect.UserName);
        Assert.Equal("pw"u8.ToArray(), connect.Password!.Value.ToArray());
        Assert.Equal((ushort)7, connect.ReceiveMaximum);
        Assert.Equal(64, connect.TopicAliasMaximum);
        Assert.Equal("will", connect.Will!.Topic);
        Assert.Equal(5u, connect.WillDelayIntervalSeconds);
        Assert.Equal([new MqttUserProperty("node", "n1")], connect.UserProperties);
        Assert.Equal("assigned-7", client.ClientId);
        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task Refused_connection_throws_with_the_reason_code()
    {
        var client = NewClient();
        var accept = _broker.AcceptAndConnAckAsync(new ConnAckPacket { ReasonCode = MqttReasonCode.Banned, ReasonString = "go away" });
        var ex = await Assert.ThrowsAsync<MqttConnectException>(() => client.ConnectAsync());
        await accept;
        Assert.Equal(MqttReasonCode.Banned, ex.ReasonCode);
        Assert.Contains("go away", ex.Message, StringComparison.Ordinal);
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task Malformed_CONNACK_fails_the_connect_and_is_answered_with_DISCONNECT_0x81()
    {
        var client = NewClient();
        var connectTask = client.ConnectAsync();
        var broker = await _broker.AcceptAsync();
        await broker.ReceiveAsync<ConnectPacket>();
        await broker.SendRawAsync([0x20, 0x03, 0x00, 0x00, 0x05]); // property length 5, no properties follow
        var ex = await Assert.ThrowsAsync<MqttProtocolException>(() => connectTask);
        Assert.Equal(MqttReasonCode.MalformedPacket, ex.ReasonCode);
        Assert.Equal(MqttReasonCode.MalformedPacket, (await broker.ReceiveAsync<DisconnectPacket>()).ReasonCode);
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task QoS1_publish_completes_with_the_PUBACK_reason()
    {
        var (client, broker, _) = await ConnectAsync();
        var publish = client.PublishAsync(new MqttApplicationMessage { Topic = "t", Payload = "x"u8.ToArray(), QualityOfService = MqttQualityOfService.AtLeastOnce });
        var sent = await broker.ReceiveAsync<PublishPacket>();
        Assert.False(publish.IsCompleted);
        await broker.SendAsync(new PubAckPacket { PacketIdentifier = sent.PacketIdentifier, ReasonCode = MqttReasonCode.NoMatchingSubscribers });
        var result = await publish;
        Assert.Equal(MqttReasonCode.NoMatchingSubscribers, result.ReasonCode);
        Assert.True(result.IsSuccess);
        Assert.Equal(0, client.InFlightCount);
    }

    [Fact]
    public async Task QoS1_publish_errors_come_through_the_returned_task_and_free_the_flow_control_unit()
    {
        var (client, broker, _) = await ConnectAsync(new ConnAckPacket { ReceiveMaximum = 1, MaximumPacketSize = 100, MaximumQoS = MqttQualityOfService.AtLeastOnce });
        MqttApplicationMessage QoS1(string topic, int size = 1) => new() { Topic = topic, Payload = new byte[size], QualityOfService = MqttQualityOfService.AtLeastOnce };

        // None of these throws from the call itself; each fails the task it returns, having sent nothing.
        var tooLarge = client.PublishAsync(QoS1("big", 200));
        var wildcard = client.PublishAsync(QoS1("t/#"));
        var qos2 = client.PublishAsync(new MqttApplicationMessage { Topic = "t", QualityOfService = MqttQualityOfService.ExactlyOnce });
        await Assert.ThrowsAsync<MqttPacketTooLargeException>(() => tooLarge);
        await Assert.ThrowsAsync<ArgumentException>(() => wildcard);
        await Assert.ThrowsAsync<NotSupportedException>(() => qos2);
        Assert.Equal(0, client.InFlightCount);

        // The refused message gave its unit (the only one: Receive Maximum 1) back, so the next one goes out at once.
        var publish = client.PublishAsync(QoS1("ok"));
        var sent = await broker.ReceiveAsync<PublishPacket>();
        Assert.Equal("ok", sent.Topic);
        await broker.SendAsync(new PubAckPacket { PacketIdentifier = sent.PacketIdentifier });
        Assert.True((await publish).IsSuccess);
    }

    [Fact]
    public async Task Cancelling_a_sent_QoS1_publish_ends_the_wait_but_the_flight_stays_until_its_PUBACK()
    {
        var (client, broker, _) = await ConnectAsync(new ConnAckPacket { ReceiveMaximum = 1 });
        using var cancel = new CancellationTokenSource();
        var publish = client.PublishAsync(new MqttApplicationMessage { Topic = "t", QualityOfService = MqttQualityOfService.AtLeastOnce }, cancel.Token);
        var sent = await broker.ReceiveAsync<PublishPacket>();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => publish);
        Assert.Equal(1, client.InFlightCount);

        // Its unit is held until the PUBACK: the next publish waits for it.
        var next = client.PublishAsync(new MqttApplicationMessage { Topic = "next", QualityOfService = MqttQualityOfService.AtLeastOnce }, CancellationToken.None);
        Assert.False(next.IsCompleted);
        await broker.SendAsync(new PubAckPacket { PacketIdentifier = sent.PacketIdentifier });
        var second = await broker.ReceiveAsync<PublishPacket>();
        Assert.Equal("next", second.Topic);
        await broker.SendAsync(new PubAckPacket { PacketIdentifier = second.PacketIdentifier });
        Assert.True((await next).IsSuccess);
        Assert.Equal(0, client.InFlightCount);
    }

    [Fact]
    public async Task QoS2_publish_runs_the_four_step_flow()
    {
        var (client, broker, _) = await ConnectAsync();
        var publish = client.PublishAsync(new MqttApplicationMessage { Topic = "t", QualityOfService = MqttQualityOfService.ExactlyOnce });
        var sent = await broker.ReceiveAsync<PublishPacket>();
        await broker.SendAsync(new PubRecPacket { PacketIdentifier = sent.PacketIdentifier });
        var rel = await broker.ReceiveAsync<PubRelPacket>();
        Assert.Equal(sent.PacketIdentifier, rel.PacketIdentifier);
        Assert.False(publish.IsCompleted);
        await broker.SendAsync(new PubCompPacket { PacketIdentifier = sent.PacketIdentifier });
        Assert.True((await publish).IsSuccess);
    }

    [Fact]
    public async Task Incoming_QoS2_is_delivered_once_even_when_redelivered_before_PUBREL()
    {
        var (client, broker, _) = await ConnectAsync();
        var received = new List<string>();
        client.MessageReceivedAsync += e =>
        {
            lock (received)
            {
                received.Add(Encoding.UTF8.GetString(e.Message.Payload.Span));
            }

            return Task.CompletedTask;
        };
        var publish = new PublishPacket { Topic = "in", Payload = "once"u8.ToArray(), QualityOfService = MqttQualityOfService.ExactlyOnce, PacketIdentifier = 77 };
        await broker.SendAsync(publish);
        Assert.Equal(77, (await broker.ReceiveAsync<PubRecPacket>()).PacketIdentifier);
        await broker.SendAsync(new PublishPacket { Topic = "in", Payload = "once"u8.ToArray(), QualityOfService = MqttQualityOfService.ExactlyOnce, PacketIdentifier = 77, Duplicate = true });
        Assert.Equal(77, (await broker.ReceiveAsync<PubRecPacket>()).PacketIdentifier);
        await broker.SendAsync(new PubRelPacket { PacketIdentifier = 77 });
        var comp = await broker.ReceiveAsync<PubCompPacket>();
        Assert.Equal(MqttReasonCode.Success, comp.ReasonCode);
        await broker.SendAsync(new PubRelPacket { PacketIdentifier = 78 });
        Assert.Equal(MqttReasonCode.PacketIdentifierNotFound, (await broker.ReceiveAsync<PubCompPacket>()).ReasonCode);
        Assert.Equal(["once"], received);
    }

    [Fact]
    public async Task A_handler_awaiting_its_own_QoS1_publish_is_not_blocked_by_a_burst_of_messages()
    {
        var (client, broker, _) = await ConnectAsync();
        var published = new TaskCompletionSource<MqttPublishResult>();
        var delivered = 0;
        client.MessageReceivedAsync += async e =>
        {
            if (Interlocked.Increment(ref delivered) == 1)
            {
                published.TrySetResult(await client.PublishAsync(new MqttApplicationMessage { Topic = "result", QualityOfService = MqttQualityOfService.AtLeastOnce }));
            }
        };
        for (var i = 0; i < 3000; i++)
        {
            broker.Channel.Enqueue(new PublishPacket { Topic = "burst", Payload = new byte[16] });
        }

        await broker.Channel.FlushAsync();
        var result = await broker.ReceiveAsync<PublishPacket>(); // the handler's publish
        await broker.SendAsync(new PubAckPacket { PacketIdentifier = result.PacketIdentifier }); // queued behind the burst
        Assert.True((await published.Task.WaitAsync(TestTimeouts.Safety)).IsSuccess);
    }

    [Fact]
    public async Task QoS0_messages_beyond_the_queue_budget_are_dropped_and_counted_but_QoS1_never()
    {
        var (client, broker, _) = await ConnectAsync(configure: o => o.MaximumQueuedQoS0Bytes = 1000);
        var release = new TaskCompletionSource();
        var topics = new List<string>();
        var sawQoS1 = new TaskCompletionSource();
        client.MessageReceivedAsync += async e =>
        {
            await release.Task;
            topics.Add(e.Message.Topic);
            if (e.Message.QualityOfService == MqttQualityOfService.AtLeastOnce)
            {
                sawQoS1.TrySetResult();
            }
        };
        for (var i = 0; i < 30; i++)
        {
            broker.Channel.Enqueue(new PublishPacket { Topic = "q0/" + i, Payload = new byte[100] });
        }

        broker.Channel.Enqueue(new PublishPacket { Topic = "q1", Payload = new byte[100], QualityOfService = MqttQualityOfService.AtLeastOnce, PacketIdentifier = 9 });
        broker.Channel.Enqueue(new PubRelPacket { PacketIdentifier = 77 });
        await broker.Channel.FlushAsync();

        // The receive loop answers this PUBREL itself, so its PUBCOMP shows every packet before it was taken in.
        Assert.Equal(MqttReasonCode.PacketIdentifierNotFound, (await broker.ReceiveAsync<PubCompPacket>()).ReasonCode);
        Assert.Equal(24, client.DroppedQoS0MessageCount); // 6 x (100 + 64) bytes fit in 1000
        release.SetResult();
        await sawQoS1.Task.WaitAsync(TestTimeouts.Safety);
        Assert.Equal(9, (await broker.ReceiveAsync<PubAckPacket>()).PacketIdentifier);
        Assert.Equal([.. Enumerable.Range(0, 6).Select(i => "q0/" + i), "q1"], topics);
    }

    [Fact]
    public async Task A_failing_handler_answers_with_an_error_reason_code()
    {
        var (client, broker, _) = await ConnectAsync();
        client.MessageReceivedAsync += _ => throw new InvalidOperationException("handler bug");
        await broker.SendAsync(new PublishPacket { Topic = "in", QualityOfService = MqttQualityOfService.AtLeastOnce, PacketIdentifier = 5 });
        var ack = await broker.ReceiveAsync<PubAckPacket>();
        Assert.Equal(MqttReasonCode.UnspecifiedError, ack.ReasonCode);
        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task Malformed_packet_from_the_server_closes_with_DISCONNECT_0x81()
    {
        var (client, broker, _) = await ConnectAsync();
        await broker.SendRawAsync([0x40, 0x02, 0x00, 0x00]); // PUBACK with packet identifier 0
        var disconnect = await broker.ReceiveAsync<DisconnectPacket>();
        Assert.Equal(MqttReasonCode.MalformedPacket, disconnect.ReasonCode);
        Assert.Contains("[MQTT-2.2.1-3]", disconnect.ReasonString, StringComparison.Ordinal);
        var closed = await _firstClose.Task.WaitAsync(TestTimeouts.Safety);
        Assert.Equal(MqttReasonCode.MalformedPacket, closed.ReasonCode);
        Assert.False(closed.ClientInitiated);
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task Oversized_packet_from_the_server_closes_with_DISCONNECT_0x95_before_reading_it()
    {
        var (_, broker, connect) = await ConnectAsync(configure: o => o.MaximumPacketSize = 1024);
        Assert.Equal(1024u, connect.MaximumPacketSize);
        await broker.SendRawAsync([0x30, 0xFF, 0xFF, 0xFF, 0x7F]); // claims 268 MB; no body follows
        var disconnect = await broker.ReceiveAsync<DisconnectPacket>();
        Assert.Equal(MqttReasonCode.PacketTooLarge, disconnect.ReasonCode);
    }

    [Fact]
    public async Task Unexpected_packet_type_from_the_server_is_a_protocol_error()
    {
        var (_, broker, _) = await ConnectAsync();
        await broker.SendAsync(new ConnAckPacket());
        Assert.Equal(MqttReasonCode.ProtocolError, (await broker.ReceiveAsync<DisconnectPacket>()).ReasonCode);
    }

    [Fact]
    public async Task Incoming_topic_aliases_are_resolved_and_unknown_ones_rejected()
    {
        var (client, broker, _) = await ConnectAsync(configure: o => o.TopicAliasMaximum = 4);
        var topics = new List<string>();
        var two = new TaskCompletionSource();
        client.MessageReceivedAsync += e =>
        {
            topics.Add(e.Message.Topic);
            if (topics.Count == 2)
            {
                two.TrySetResult();
            }

            return Task.CompletedTask;
        };
        await broker.SendAsync(new PublishPacket { Topic = "long/topic/name", TopicAlias = 2 });
        await broker.SendAsync(new PublishPacket { TopicAlias = 2 });
        await two.Task.WaitAsync(TestTimeouts.Safety);
        Assert.Equal(["long/topic/name", "long/topic/name"], topics);
        await broker.SendAsync(new PublishPacket { TopicAlias = 3 });
        Assert.Equal(MqttReasonCode.ProtocolError, (await broker.ReceiveAsync<DisconnectPacket>()).ReasonCode);
    }

    [Fact]
    public async Task Topic_alias_above_the_announced_maximum_is_rejected_with_0x94()
    {
        var (_, broker, _) = await ConnectAsync(configure: o => o.TopicAliasMaximum = 4);
        await broker.SendAsync(new PublishPacket { Topic = "x", TopicAlias = 5 });
        Assert.Equal(MqttReasonCode.TopicAliasInvalid, (await broker.ReceiveAsync<DisconnectPacket>()).ReasonCode);
    }

    [Fact]
    public async Task Outgoing_topic_aliases_replace_repeated_topics_within_the_server_maximum()
    {
        var (client, broker, _) = await ConnectAsync(new ConnAckPacket { TopicAliasMaximum = 1 });
        await client.PublishAsync(new MqttApplicationMessage { Topic = "a/long/topic" });
        await client.PublishAsync(new MqttApplicationMessage { Topic = "a/long/topic" });
        await client.PublishAsync(new MqttApplicationMessage { Topic = "other" });
        var first = await broker.ReceiveAsync<PublishPacket>();
        var second = await broker.ReceiveAsync<PublishPacket>();
        var third = await broker.ReceiveAsync<PublishPacket>();
        Assert.Equal(("a/long/topic", (ushort)1), (first.Topic, first.TopicAlias));
        Assert.Equal((string.Empty, (ushort)1), (second.Topic, second.TopicAlias));
        Assert.Equal(("other", (ushort)0), (third.Topic, third.TopicAlias));
    }

    [Fact]
    public async Task Server_receive_maximum_limits_unacknowledged_publishes()
    {
        var (client, broker, _) = await ConnectAsync(new ConnAckPacket { ReceiveMaximum = 2 });
        var tasks = Enumerable.Range(0, 3).Select(i => client.PublishAsync(new MqttApplicationMessage { Topic = "q", Payload = new[] { (byte)i }, QualityOfService = MqttQualityOfService.AtLeastOnce })).ToArray();
        var first = await broker.ReceiveAsync<PublishPacket>();
        var second = await broker.ReceiveAsync<PublishPacket>();
        Assert.Equal(2, client.InFlightCount);
        await broker.SendAsync(new PubAckPacket { PacketIdentifier = first.PacketIdentifier });
        var third = await broker.ReceiveAsync<PublishPacket>();
        Assert.NotEqual(second.PacketIdentifier, third.PacketIdentifier);
        await broker.SendAsync(new PubAckPacket { PacketIdentifier = second.PacketIdentifier });
        await broker.SendAsync(new PubAckPacket { PacketIdentifier = third.PacketIdentifier });
        Assert.All(await Task.WhenAll(tasks), r => Assert.True(r.IsSuccess));
    }

    [Fact]
    public async Task Client_enforces_its_own_receive_maximum_with_0x93()
    {
        var (_, broker, _) = await ConnectAsync(configure: o => o.ReceiveMaximum = 1);
        await broker.SendAsync(new PublishPacket { Topic = "a", QualityOfService = MqttQualityOfService.ExactlyOnce, PacketIdentifier = 1 });
        await broker.ReceiveAsync<PubRecPacket>();
        await broker.SendAsync(new PublishPacket { Topic = "a", QualityOfService = MqttQualityOfService.ExactlyOnce, PacketIdentifier = 2 });
        Assert.Equal(MqttReasonCode.ReceiveMaximumExceeded, (await broker.ReceiveAsync<DisconnectPacket>()).ReasonCode);
    }

    [Fact]
    public async Task Publish_larger_than_the_server_maximum_packet_size_is_refused_without_sending()
    {
        var (client, broker, _) = await ConnectAsync(new ConnAckPacket { MaximumPacketSize = 100 });
        await Assert.ThrowsAsync<MqttPacketTooLargeException>(() => client.PublishAsync(new MqttApplicationMessage { Topic = "big", Payload = new byte[200], QualityOfService = MqttQualityOfService.AtLeastOnce }));
        Assert.Equal(0, client.InFlightCount);
        await client.PublishAsync(new MqttApplicationMessage { Topic = "small", Payload = new byte[10] });
        Assert.Equal("small", (await broker.ReceiveAsync<PublishPacket>()).Topic);
    }

    [Fact]
    public async Task Server_capabilities_are_enforced_before_sending()
    {
        var (client, _, _) = await ConnectAsync(new ConnAckPacket { MaximumQoS = MqttQualityOfService.AtLeastOnce, RetainAvailable = false, SubscriptionIdentifiersAvailable = false });
        await Assert.ThrowsAsync<NotSupportedException>(() => client.PublishAsync(new MqttApplicationMessage { Topic = "t", QualityOfService = MqttQualityOfService.ExactlyOnce }));
        await Assert.ThrowsAsync<NotSupportedException>(() => client.PublishAsync(new MqttApplicationMessage { Topic = "t", Retain = true }));
        await Assert.ThrowsAsync<NotSupportedException>(() => client.SubscribeAsync([new MqttTopicFilter { Filter = "t" }], subscriptionIdentifier: 3));
        await Assert.ThrowsAsync<ArgumentException>(() => client.SubscribeAsync([new MqttTopicFilter { Filter = "$share/g/t", NoLocal = true }]));
        await Assert.ThrowsAsync<ArgumentException>(() => client.PublishAsync(new MqttApplicationMessage { Topic = "t/#" }));
    }

    [Fact]
    public async Task Keep_alive_sends_PINGREQ_when_idle_and_gives_up_without_PINGRESP()
    {
        var (_, broker, connect) = await ConnectAsync(configure: o =>
        {
            o.KeepAlive = TimeSpan.FromSeconds(10);
            o.KeepAliveResponseTimeout = TimeSpan.FromSeconds(3);
        });
        Assert.Equal(10, connect.KeepAliveSeconds);
        await _time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(10));
        _time.Advance(TimeSpan.FromSeconds(10));
        await broker.ReceiveAsync<PingReqPacket>();
        await _time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(3));
        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(MqttReasonCode.KeepAliveTimeout, (await broker.ReceiveAsync<DisconnectPacket>()).ReasonCode);
        Assert.Equal(MqttReasonCode.KeepAliveTimeout, (await _firstClose.Task.WaitAsync(TestTimeouts.Safety)).ReasonCode);
    }

    [Fact]
    public async Task Keep_alive_continues_after_each_PINGRESP()
    {
        var (client, broker, _) = await ConnectAsync(configure: o =>
        {
            o.KeepAlive = TimeSpan.FromSeconds(10);
            o.KeepAliveResponseTimeout = TimeSpan.FromSeconds(3);
        });
        await _time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(10));
        _time.Advance(TimeSpan.FromSeconds(10));
        await broker.ReceiveAsync<PingReqPacket>();
        await _time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(3));
        await broker.SendAsync(PingRespPacket.Instance);

        // The client handles packets in order: once it acknowledges this PUBLISH it has seen the PINGRESP.
        await broker.SendAsync(new PublishPacket { Topic = "sync", QualityOfService = MqttQualityOfService.AtLeastOnce, PacketIdentifier = 1 });
        await broker.ReceiveAsync<PubAckPacket>();
        _time.Advance(TimeSpan.FromSeconds(3)); // the response deadline passes harmlessly
        await _time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(7));
        _time.Advance(TimeSpan.FromSeconds(7));
        await broker.ReceiveAsync<PingReqPacket>(); // not a DISCONNECT: the connection lives on
        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task Server_keep_alive_overrides_the_requested_one()
    {
        var (_, broker, _) = await ConnectAsync(new ConnAckPacket { ServerKeepAliveSeconds = 4 }, o => o.KeepAlive = TimeSpan.FromSeconds(60));
        await _time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(4));
        _time.Advance(TimeSpan.FromSeconds(4));
        await broker.ReceiveAsync<PingReqPacket>();
    }

    [Fact]
    public async Task Reconnect_backs_off_resumes_the_session_and_resends_in_flight_messages_with_DUP()
    {
        var (client, broker, _) = await ConnectAsync(new ConnAckPacket(), o =>
        {
            o.SessionExpiryIntervalSeconds = 300;
            o.Reconnect = new MqttReconnectOptions { Enabled = true, InitialDelay = TimeSpan.FromSeconds(2), JitterFraction = 0, RandomSeed = 1 };
        });
        var qos1 = client.PublishAsync(new MqttApplicationMessage { Topic = "q1", Payload = "a"u8.ToArray(), QualityOfService = MqttQualityOfService.AtLeastOnce });
        var qos2 = client.PublishAsync(new MqttApplicationMessage { Topic = "q2", Payload = "b"u8.ToArray(), QualityOfService = MqttQualityOfService.ExactlyOnce });
        var p1 = await broker.ReceiveAsync<PublishPacket>();
        var p2 = await broker.ReceiveAsync<PublishPacket>();
        await broker.SendAsync(new PubRecPacket { PacketIdentifier = p2.PacketIdentifier });
        await broker.ReceiveAsync<PubRelPacket>();
        await broker.DisposeAsync(); // connection drops with both flows unfinished

        var closed = await _firstClose.Task.WaitAsync(TestTimeouts.Safety);
        Assert.True(closed.WillReconnect);
        await _time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(2));
        var accept = _broker.AcceptAndConnAckAsync(new ConnAckPacket { SessionPresent = true });
        _time.Advance(TimeSpan.FromSeconds(2));
        var (broker2, connect2) = await accept;
        Assert.False(connect2.CleanStart);
        var resent = await broker2.ReceiveAsync<PublishPacket>();
        Assert.Equal((p1.PacketIdentifier, true, "q1"), (resent.PacketIdentifier, resent.Duplicate, resent.Topic));
        var rel = await broker2.ReceiveAsync<PubRelPacket>();
        Assert.Equal(p2.PacketIdentifier, rel.PacketIdentifier);
        await broker2.SendAsync(new PubAckPacket { PacketIdentifier = p1.PacketIdentifier });
        await broker2.SendAsync(new PubCompPacket { PacketIdentifier = p2.PacketIdentifier });
        Assert.True((await qos1).IsSuccess);
        Assert.True((await qos2).IsSuccess);
    }

    [Fact]
    public async Task Exactly_once_holds_across_a_reconnect_while_PUBREL_is_outstanding()
    {
        var (client, broker, _) = await ConnectAsync(new ConnAckPacket(), o =>
        {
            o.SessionExpiryIntervalSeconds = 300;
            o.Reconnect = new MqttReconnectOptions { Enabled = true, InitialDelay = TimeSpan.FromSeconds(1), JitterFraction = 0 };
        });
        var deliveries = 0;
        client.MessageReceivedAsync += _ =>
        {
            Interlocked.Increment(ref deliveries);
            return Task.CompletedTask;
        };
        await broker.SendAsync(new PublishPacket { Topic = "once", QualityOfService = MqttQualityOfService.ExactlyOnce, PacketIdentifier = 5 });
        await broker.ReceiveAsync<PubRecPacket>();
        await broker.DisposeAsync(); // lost before PUBREL

        await _firstClose.Task.WaitAsync(TestTimeouts.Safety);
        await _time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(1));
        var accept = _broker.AcceptAndConnAckAsync(new ConnAckPacket { SessionPresent = true });
        _time.Advance(TimeSpan.FromSeconds(1));
        var (broker2, _) = await accept;
        await broker2.SendAsync(new PublishPacket { Topic = "once", QualityOfService = MqttQualityOfService.ExactlyOnce, PacketIdentifier = 5, Duplicate = true });
        Assert.Equal(5, (await broker2.ReceiveAsync<PubRecPacket>()).PacketIdentifier);
        await broker2.SendAsync(new PubRelPacket { PacketIdentifier = 5 });
        Assert.Equal(MqttReasonCode.Success, (await broker2.ReceiveAsync<PubCompPacket>()).ReasonCode);
        Assert.Equal(1, deliveries);
    }

    [Fact]
    public async Task Reconnect_to_a_server_that_lost_the_session_resubscribes()
    {
        var (client, broker, _) = await ConnectAsync(new ConnAckPacket(), o =>
            o.Reconnect = new MqttReconnectOptions { Enabled = true, InitialDelay = TimeSpan.FromSeconds(1), JitterFraction = 0 });
        var subscribe = client.SubscribeAsync([new MqttTopicFilter { Filter = "sensors/+", QualityOfService = MqttQualityOfService.AtLeastOnce, NoLocal = true }], subscriptionIdentifier: 9);
        var sub = await broker.ReceiveAsync<SubscribePacket>();
        await broker.SendAsync(new SubAckPacket { PacketIdentifier = sub.PacketIdentifier, ReasonCodes = [MqttReasonCode.GrantedQoS1] });
        await subscribe;
        await broker.SendAsync(new DisconnectPacket { ReasonCode = MqttReasonCode.ServerShuttingDown, ReasonString = "maintenance", ServerReference = "backup:1883" });

        var closed = await _firstClose.Task.WaitAsync(TestTimeouts.Safety);
        Assert.Equal((MqttReasonCode.ServerShuttingDown, "maintenance", "backup:1883"), (closed.ReasonCode, closed.ReasonString, closed.ServerReference));
        await _time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(1));
        var accept = _broker.AcceptAndConnAckAsync(new ConnAckPacket { SessionPresent = false });
        _time.Advance(TimeSpan.FromSeconds(1));
        var (broker2, _) = await accept;
        var again = await broker2.ReceiveAsync<SubscribePacket>();
        Assert.Equal(9u, again.SubscriptionIdentifier);
        Assert.Equal("sensors/+", again.TopicFilters[0].Filter);
        Assert.True(again.TopicFilters[0].NoLocal);
    }

    [Fact]
    public async Task Unacknowledged_publish_fails_when_the_connection_ends_without_reconnect()
    {
        var (client, broker, _) = await ConnectAsync();
        var publish = client.PublishAsync(new MqttApplicationMessage { Topic = "t", QualityOfService = MqttQualityOfService.AtLeastOnce });
        await broker.ReceiveAsync<PublishPacket>();
        await broker.DisposeAsync();
        await Assert.ThrowsAsync<MqttNotConnectedException>(() => publish.WaitAsync(TestTimeouts.Safety));
        Assert.Equal(0, client.InFlightCount);
        Assert.False((await _firstClose.Task).WillReconnect);
    }

    [Fact]
    public async Task A_publish_waiting_for_flow_control_quota_fails_when_the_connection_ends()
    {
        var (client, broker, _) = await ConnectAsync(new ConnAckPacket { ReceiveMaximum = 1 });
        var first = client.PublishAsync(new MqttApplicationMessage { Topic = "a", QualityOfService = MqttQualityOfService.AtLeastOnce });
        await broker.ReceiveAsync<PublishPacket>();
        var second = client.PublishAsync(new MqttApplicationMessage { Topic = "b", QualityOfService = MqttQualityOfService.AtLeastOnce });
        Assert.False(second.IsCompleted); // no quota until the first is acknowledged
        await broker.DisposeAsync();
        await Assert.ThrowsAsync<MqttNotConnectedException>(() => first.WaitAsync(TestTimeouts.Safety));
        await Assert.ThrowsAsync<MqttNotConnectedException>(() => second.WaitAsync(TestTimeouts.Safety));
        Assert.Equal(0, client.InFlightCount);
    }

    [Fact]
    public async Task Disconnect_during_reconnect_back_off_cancels_the_pending_attempt()
    {
        var (client, broker, _) = await ConnectAsync(configure: o => o.Reconnect = new MqttReconnectOptions { Enabled = true, InitialDelay = TimeSpan.FromSeconds(10), MaximumDelay = TimeSpan.FromSeconds(10), JitterFraction = 0 });
        await broker.DisposeAsync();
        Assert.True((await _firstClose.Task.WaitAsync(TestTimeouts.Safety)).WillReconnect);
        await _time.WaitForTimerAsync(d => d == TimeSpan.FromSeconds(10));
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.ConnectAsync());
        await client.DisconnectAsync().WaitAsync(TestTimeouts.Safety);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.False(client.IsConnected);
        var accept = _broker.AcceptAsync();
        var connect = client.ConnectAsync();
        var again = await accept;
        await again.ReceiveAsync<ConnectPacket>();
        await again.SendAsync(new ConnAckPacket());
        await connect; // the manual connect is the only one: no stray reconnect attempt raced it
        Assert.True(client.IsConnected);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Random_bytes_from_the_network_end_the_connection_cleanly(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 40; round++)
        {
            var closed = new TaskCompletionSource<MqttConnectionClosed>(TaskCreationOptions.RunContinuationsAsynchronously);
            await using var client = new MqttClient(new MqttClientOptions
            {
                Host = "127.0.0.1",
                Port = _broker.Port,
                ClientId = "fuzz",
                KeepAlive = TimeSpan.Zero,
                ConnectTimeout = TimeSpan.FromHours(1),
                MaximumPacketSize = 4096,
                TimeProvider = _time,
                Reconnect = { Enabled = false },
            });
            client.DisconnectedAsync += e =>
            {
                closed.TrySetResult(e);
                return Task.CompletedTask;
            };
            var accept = _broker.AcceptAndConnAckAsync();
            await client.ConnectAsync();
            var (broker, _) = await accept;
            var garbage = new byte[random.Next(1, 64)];
            random.NextBytes(garbage);
            await broker.SendRawAsync(garbage);
            await broker.DisposeAsync(); // end of stream after the garbage
            var reason = await closed.Task.WaitAsync(TestTimeouts.Safety);
            Assert.False(reason.ClientInitiated);
            Assert.False(client.IsConnected);
        }
    }

    [Fact]
    public async Task Outgoing_topic_aliases_are_not_used_when_switched_off()
    {
        var (client, broker, _) = await ConnectAsync(new ConnAckPacket { TopicAliasMaximum = 5 }, o => o.UseOutgoingTopicAliases = false);
        await client.PublishAsync(new MqttApplicationMessage { Topic = "a/long/topic" });
        await client.PublishAsync(new MqttApplicationMessage { Topic = "a/long/topic" });
        var first = await broker.ReceiveAsync<PublishPacket>();
        var second = await broker.ReceiveAsync<PublishPacket>();
        Assert.Equal(("a/long/topic", (ushort)0), (first.Topic, first.TopicAlias));
        Assert.Equal(("a/long/topic", (ushort)0), (second.Topic, second.TopicAlias));
    }

    [Fact]
    public async Task A_server_closing_the_socket_on_DISCONNECT_does_not_turn_the_disconnect_into_a_lost_connection()
    {
        var transport = new FlushHoldingTransport();
        var (client, broker, _) = await ConnectAsync(configure: o => o.Transport = transport);
        transport.HoldFlushes();
        var disconnecting = client.DisconnectAsync(); // its DISCONNECT is written, but the write does not finish yet
        await broker.ReceiveAsync<DisconnectPacket>();
        await broker.DisposeAsync(); // the server closes the socket at once, as mosquitto does
        var closed = await _firstClose.Task.WaitAsync(TestTimeouts.Safety);
        transport.ReleaseFlushes();
        await disconnecting.WaitAsync(TestTimeouts.Safety);
        Assert.True(closed.ClientInitiated);
        Assert.Equal(MqttReasonCode.Success, closed.ReasonCode);
        Assert.Single(_closed);
    }

    [Fact]
    public async Task Client_disconnect_sends_reason_and_session_expiry_and_stops_reconnecting()
    {
        var (client, broker, _) = await ConnectAsync(configure: o => o.Reconnect = new MqttReconnectOptions { Enabled = true });
        await client.DisconnectAsync(MqttReasonCode.DisconnectWithWillMessage, sessionExpiryIntervalSeconds: 0);
        var disconnect = await broker.ReceiveAsync<DisconnectPacket>();
        Assert.Equal(MqttReasonCode.DisconnectWithWillMessage, disconnect.ReasonCode);
        Assert.Equal(0u, disconnect.SessionExpiryIntervalSeconds);
        var closed = await _firstClose.Task.WaitAsync(TestTimeouts.Safety);
        Assert.True(closed.ClientInitiated);
        Assert.False(closed.WillReconnect);
        await Assert.ThrowsAsync<MqttNotConnectedException>(() => client.PublishAsync(new MqttApplicationMessage { Topic = "t" }));
    }

    [Fact]
    public async Task Enhanced_authentication_exchanges_AUTH_packets_at_connect_and_on_reauthentication()
    {
        var authenticator = new EchoAuthenticator();
        var client = NewClient(o =>
        {
            o.AuthenticationMethod = "TEST-CHALLENGE";
            o.AuthenticationData = "hello"u8.ToArray();
            o.Authenticator = authenticator;
        });
        var connectTask = client.ConnectAsync();
        var broker = await _broker.AcceptAsync();
        var connect = await broker.ReceiveAsync<ConnectPacket>();
        Assert.Equal("TEST-CHALLENGE", connect.AuthenticationMethod);
        await broker.SendAsync(new AuthPacket { ReasonCode = MqttReasonCode.ContinueAuthentication, AuthenticationMethod = "TEST-CHALLENGE", AuthenticationData = "nonce-1"u8.ToArray() });
        var answer = await broker.ReceiveAsync<AuthPacket>();
        Assert.Equal("answer:nonce-1", Encoding.UTF8.GetString(answer.AuthenticationData!.Value.Span));
        await broker.SendAsync(new ConnAckPacket { AuthenticationMethod = "TEST-CHALLENGE" });
        await connectTask;

        var reauth = client.ReauthenticateAsync("again"u8.ToArray());
        var start = await broker.ReceiveAsync<AuthPacket>();
        Assert.Equal(MqttReasonCode.ReAuthenticate, start.ReasonCode);
        await broker.SendAsync(new AuthPacket { ReasonCode = MqttReasonCode.ContinueAuthentication, AuthenticationMethod = "TEST-CHALLENGE", AuthenticationData = "nonce-2"u8.ToArray() });
        Assert.Equal("answer:nonce-2", Encoding.UTF8.GetString((await broker.ReceiveAsync<AuthPacket>()).AuthenticationData!.Value.Span));
        await broker.SendAsync(new AuthPacket { ReasonCode = MqttReasonCode.Success, AuthenticationMethod = "TEST-CHALLENGE" });
        Assert.Equal(MqttReasonCode.Success, (await reauth).ReasonCode);
    }

    [Fact]
    public async Task MQTT_3_1_1_client_speaks_protocol_level_4()
    {
        var client = NewClient(o => o.ProtocolVersion = MqttProtocolVersion.V311);
        var accept = _broker.AcceptAndConnAckAsync(new ConnAckPacket(), MqttProtocolVersion.V311);
        await client.ConnectAsync();
        var (broker, connect) = await accept;
        Assert.Equal(MqttProtocolVersion.V311, connect.ProtocolVersion);
        var publish = client.PublishAsync(new MqttApplicationMessage { Topic = "old/school", QualityOfService = MqttQualityOfService.AtLeastOnce, UserProperties = [new("dropped", "in 3.1.1")] });
        var sent = await broker.ReceiveAsync<PublishPacket>();
        await broker.SendAsync(new PubAckPacket { PacketIdentifier = sent.PacketIdentifier });
        Assert.True((await publish).IsSuccess);
        await Assert.ThrowsAsync<NotSupportedException>(() => client.SubscribeAsync([new MqttTopicFilter { Filter = "a", NoLocal = true }]));
        await Assert.ThrowsAsync<NotSupportedException>(() => client.SubscribeAsync([new MqttTopicFilter { Filter = "a" }], subscriptionIdentifier: 4));
    }

    private sealed class EchoAuthenticator : IMqttEnhancedAuthenticator
    {
        public ValueTask<ReadOnlyMemory<byte>> RespondAsync(AuthPacket challenge, CancellationToken cancellationToken) =>
            ValueTask.FromResult<ReadOnlyMemory<byte>>(Encoding.UTF8.GetBytes("answer:" + Encoding.UTF8.GetString(challenge.AuthenticationData!.Value.Span)));
    }

    /// <summary>TCP, but the writer's flushes can be held, to order a race between sending and the server's reaction.</summary>
    private sealed class FlushHoldingTransport : IMqttTransport
    {
        private volatile TaskCompletionSource? _hold;

        public void HoldFlushes() => _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void ReleaseFlushes() => _hold?.TrySetResult();

        public async ValueTask<Stream> ConnectAsync(string host, int port, MqttTlsOptions? tls, CancellationToken cancellationToken = default) =>
            new HoldingStream(await MqttTcpTransport.Instance.ConnectAsync(host, port, tls, cancellationToken), this);

        private sealed class HoldingStream(Stream inner, FlushHoldingTransport owner) : Stream
        {
            public override bool CanRead => true;

            public override bool CanSeek => false;

            public override bool CanWrite => true;

            public override long Length => throw new NotSupportedException();

            public override long Position
            {
                get => throw new NotSupportedException();
                set => throw new NotSupportedException();
            }

            public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

            public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);

            public override async Task FlushAsync(CancellationToken cancellationToken)
            {
                await inner.FlushAsync(cancellationToken);
                if (owner._hold is { } hold)
                {
                    await hold.Task.WaitAsync(cancellationToken);
                }
            }

            public override void Flush() => inner.Flush();

            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    inner.Dispose();
                }

                base.Dispose(disposing);
            }
        }
    }
}
