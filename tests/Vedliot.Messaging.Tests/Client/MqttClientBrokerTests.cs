using System.Security.Authentication;
using System.Text;
using Vedliot.Messaging.Client;
using Vedliot.Messaging.Packets;
using Vedliot.Messaging.Tests.Infrastructure;
using Vedliot.Messaging.Transport;

namespace Vedliot.Messaging.Tests.Client;

/// <summary>The client against a real mosquitto 2.0 started by <see cref="SecuredMosquittoBroker"/>.</summary>
[Collection(MosquittoGroup.Name)]
public sealed class MqttClientBrokerTests(SecuredMosquittoBroker broker) : IAsyncLifetime
{
    private readonly List<MqttClient> _clients = [];
    private readonly string _prefix = "t" + Guid.NewGuid().ToString("N")[..8];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }
    }

    private string Topic(string suffix) => _prefix + "/" + suffix;

    private async Task<MqttClient> ConnectedAsync(string name, Action<MqttClientOptions>? configure = null, MqttProtocolVersion version = MqttProtocolVersion.V500)
    {
        var options = broker.Options(_prefix + "-" + name, version);
        configure?.Invoke(options);
        var client = new MqttClient(options);
        _clients.Add(client);
        await client.ConnectAsync();
        return client;
    }

    private static MqttApplicationMessage Text(string topic, string text, MqttQualityOfService qos = MqttQualityOfService.AtMostOnce, bool retain = false) =>
        new() { Topic = topic, Payload = Encoding.UTF8.GetBytes(text), QualityOfService = qos, Retain = retain };

    [Fact]
    public async Task Connack_reports_the_broker_limits()
    {
        var client = await ConnectedAsync("limits");
        var connAck = client.ServerConnAck!;
        Assert.Equal(MqttReasonCode.Success, connAck.ReasonCode);
        Assert.Equal(SecuredMosquittoBroker.BrokerMaximumPacketSize, connAck.MaximumPacketSize);
        Assert.True(connAck.TopicAliasMaximum > 0);
        Assert.NotNull(connAck.ReceiveMaximum);
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V500)]
    [InlineData(MqttProtocolVersion.V311)]
    public async Task Wrong_password_is_refused(MqttProtocolVersion version)
    {
        var options = broker.Options(_prefix + "-badpw", version);
        options.Password = "wrong"u8.ToArray();
        await using var client = new MqttClient(options);
        var ex = await Assert.ThrowsAsync<MqttConnectException>(() => client.ConnectAsync());
        Assert.Contains(ex.ReasonCode, new[] { MqttReasonCode.BadUserNameOrPassword, MqttReasonCode.NotAuthorized });
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V500, MqttQualityOfService.AtMostOnce)]
    [InlineData(MqttProtocolVersion.V500, MqttQualityOfService.AtLeastOnce)]
    [InlineData(MqttProtocolVersion.V500, MqttQualityOfService.ExactlyOnce)]
    [InlineData(MqttProtocolVersion.V311, MqttQualityOfService.AtMostOnce)]
    [InlineData(MqttProtocolVersion.V311, MqttQualityOfService.AtLeastOnce)]
    [InlineData(MqttProtocolVersion.V311, MqttQualityOfService.ExactlyOnce)]
    public async Task Messages_flow_publisher_to_subscriber_at_each_QoS(MqttProtocolVersion version, MqttQualityOfService qos)
    {
        var subscriber = await ConnectedAsync("sub", version: version);
        var inbox = new MessageCollector(subscriber);
        var subAck = await subscriber.SubscribeAsync(Topic("qos/#"), qos);
        Assert.Equal((MqttReasonCode)(byte)qos, subAck.ReasonCodes[0]);
        var publisher = await ConnectedAsync("pub", version: version);
        for (var i = 0; i < 10; i++)
        {
            var result = await publisher.PublishAsync(Text(Topic("qos/" + i), "m" + i, qos));
            Assert.True(result.IsSuccess);
        }

        var received = await inbox.TakeAsync(10);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => "m" + i), received.Select(r => Encoding.UTF8.GetString(r.Message.Payload.Span)));
        Assert.All(received, r => Assert.Equal(qos, r.Message.QualityOfService));
    }

    [Fact]
    public async Task Version_5_properties_reach_the_subscriber()
    {
        var subscriber = await ConnectedAsync("sub");
        var inbox = new MessageCollector(subscriber);
        await subscriber.SubscribeAsync(Topic("props"), MqttQualityOfService.AtLeastOnce);
        var publisher = await ConnectedAsync("pub");
        await publisher.PublishAsync(new MqttApplicationMessage
        {
            Topic = Topic("props"),
            Payload = "{\"x\":1}"u8.ToArray(),
            QualityOfService = MqttQualityOfService.AtLeastOnce,
            PayloadFormat = MqttPayloadFormat.Utf8,
            ContentType = "application/json",
            ResponseTopic = Topic("reply"),
            CorrelationData = new byte[] { 1, 2, 3 },
            MessageExpiryIntervalSeconds = 600,
            UserProperties = [new("stage", "2"), new("stage", "3")],
        });
        var m = (await inbox.NextAsync()).Message;
        Assert.Equal(MqttPayloadFormat.Utf8, m.PayloadFormat);
        Assert.Equal("application/json", m.ContentType);
        Assert.Equal(Topic("reply"), m.ResponseTopic);
        Assert.Equal([1, 2, 3], m.CorrelationData!.Value.ToArray());
        Assert.InRange(m.MessageExpiryIntervalSeconds!.Value, 1u, 600u);
        Assert.Equal([new MqttUserProperty("stage", "2"), new MqttUserProperty("stage", "3")], m.UserProperties);
    }

    [Fact]
    public async Task Request_response_uses_response_topic_and_correlation_data()
    {
        var responder = await ConnectedAsync("responder");
        responder.MessageReceivedAsync += async e =>
        {
            await responder.PublishAsync(new MqttApplicationMessage
            {
                Topic = e.Message.ResponseTopic!,
                CorrelationData = e.Message.CorrelationData,
                Payload = Encoding.UTF8.GetBytes("pong:" + Encoding.UTF8.GetString(e.Message.Payload.Span)),
                QualityOfService = MqttQualityOfService.AtLeastOnce,
            });
        };
        await responder.SubscribeAsync(Topic("rpc/ping"), MqttQualityOfService.AtLeastOnce);
        var requester = await ConnectedAsync("requester");
        var inbox = new MessageCollector(requester);
        await requester.SubscribeAsync(Topic("rpc/reply"), MqttQualityOfService.AtLeastOnce);
        await requester.PublishAsync(new MqttApplicationMessage { Topic = Topic("rpc/ping"), Payload = "42"u8.ToArray(), ResponseTopic = Topic("rpc/reply"), CorrelationData = new byte[] { 9 }, QualityOfService = MqttQualityOfService.AtLeastOnce });
        var reply = (await inbox.NextAsync()).Message;
        Assert.Equal("pong:42", Encoding.UTF8.GetString(reply.Payload.Span));
        Assert.Equal([9], reply.CorrelationData!.Value.ToArray());
    }

    [Fact]
    public async Task Retained_messages_and_retain_handling_options()
    {
        var publisher = await ConnectedAsync("pub");
        await publisher.PublishAsync(Text(Topic("retained/a"), "kept", MqttQualityOfService.AtLeastOnce, retain: true));

        var plain = await ConnectedAsync("plain");
        var plainInbox = new MessageCollector(plain);
        await plain.SubscribeAsync(Topic("retained/#"), MqttQualityOfService.AtLeastOnce);
        var first = await plainInbox.NextAsync();
        Assert.Equal("kept", Encoding.UTF8.GetString(first.Message.Payload.Span));
        Assert.True(first.Message.Retain);

        var skipping = await ConnectedAsync("skip");
        var skipInbox = new MessageCollector(skipping);
        await skipping.SubscribeAsync([new MqttTopicFilter { Filter = Topic("retained/#"), QualityOfService = MqttQualityOfService.AtLeastOnce, RetainHandling = MqttRetainHandling.DoNotSend }]);
        await publisher.PublishAsync(Text(Topic("retained/marker"), "marker", MqttQualityOfService.AtLeastOnce));
        Assert.Equal("marker", await skipInbox.NextPayloadAsync());

        await publisher.PublishAsync(Text(Topic("retained/a"), string.Empty, MqttQualityOfService.AtLeastOnce, retain: true)); // clear
    }

    [Fact]
    public async Task Retain_as_published_keeps_the_retain_flag_on_live_messages()
    {
        var rap = await ConnectedAsync("rap");
        var rapInbox = new MessageCollector(rap);
        await rap.SubscribeAsync([new MqttTopicFilter { Filter = Topic("rap"), QualityOfService = MqttQualityOfService.AtLeastOnce, RetainAsPublished = true }]);
        var normal = await ConnectedAsync("normal");
        var normalInbox = new MessageCollector(normal);
        await normal.SubscribeAsync(Topic("rap"), MqttQualityOfService.AtLeastOnce);
        var publisher = await ConnectedAsync("pub");
        await publisher.PublishAsync(Text(Topic("rap"), "live", MqttQualityOfService.AtLeastOnce, retain: true));
        Assert.True((await rapInbox.NextAsync()).Message.Retain);
        Assert.False((await normalInbox.NextAsync()).Message.Retain);
        await publisher.PublishAsync(Text(Topic("rap"), string.Empty, MqttQualityOfService.AtLeastOnce, retain: true));
    }

    [Fact]
    public async Task No_local_suppresses_the_clients_own_messages()
    {
        var client = await ConnectedAsync("self");
        var inbox = new MessageCollector(client);
        await client.SubscribeAsync([new MqttTopicFilter { Filter = Topic("echo"), QualityOfService = MqttQualityOfService.AtLeastOnce, NoLocal = true }]);
        await client.PublishAsync(Text(Topic("echo"), "mine", MqttQualityOfService.AtLeastOnce));
        var other = await ConnectedAsync("other");
        await other.PublishAsync(Text(Topic("echo"), "theirs", MqttQualityOfService.AtLeastOnce));
        Assert.Equal("theirs", await inbox.NextPayloadAsync());
    }

    [Fact]
    public async Task Subscription_identifiers_tell_which_subscriptions_matched()
    {
        var client = await ConnectedAsync("subid");
        var inbox = new MessageCollector(client);
        await client.SubscribeAsync([new MqttTopicFilter { Filter = Topic("ids/+"), QualityOfService = MqttQualityOfService.AtLeastOnce }], subscriptionIdentifier: 11);
        await client.SubscribeAsync([new MqttTopicFilter { Filter = Topic("ids/#"), QualityOfService = MqttQualityOfService.AtLeastOnce }], subscriptionIdentifier: 22);
        var publisher = await ConnectedAsync("pub");
        await publisher.PublishAsync(Text(Topic("ids/x"), "both", MqttQualityOfService.AtLeastOnce));
        var ids = new List<uint>();
        ids.AddRange((await inbox.NextAsync()).SubscriptionIdentifiers);
        if (ids.Count < 2)
        {
            ids.AddRange((await inbox.NextAsync()).SubscriptionIdentifiers);
        }

        Assert.Equal([11u, 22u], ids.Order());
    }

    [Fact]
    public async Task Wildcards_select_the_right_topics_and_unsubscribe_stops_delivery()
    {
        var client = await ConnectedAsync("wild");
        var inbox = new MessageCollector(client);
        await client.SubscribeAsync(Topic("w/+/temp"), MqttQualityOfService.AtLeastOnce);
        var publisher = await ConnectedAsync("pub");
        await publisher.PublishAsync(Text(Topic("w/room1/humidity"), "no", MqttQualityOfService.AtLeastOnce));
        await publisher.PublishAsync(Text(Topic("w/room1/temp"), "yes", MqttQualityOfService.AtLeastOnce));
        Assert.Equal("yes", await inbox.NextPayloadAsync());
        var unsubAck = await client.UnsubscribeAsync([Topic("w/+/temp")]);
        Assert.Equal([MqttReasonCode.Success], unsubAck.ReasonCodes);
        await client.SubscribeAsync(Topic("w/marker"), MqttQualityOfService.AtLeastOnce);
        await publisher.PublishAsync(Text(Topic("w/room2/temp"), "after-unsubscribe", MqttQualityOfService.AtLeastOnce));
        await publisher.PublishAsync(Text(Topic("w/marker"), "marker", MqttQualityOfService.AtLeastOnce));
        Assert.Equal("marker", await inbox.NextPayloadAsync());
    }

    [Fact]
    public async Task Shared_subscription_delivers_each_message_to_exactly_one_member()
    {
        var a = await ConnectedAsync("share-a");
        var b = await ConnectedAsync("share-b");
        var received = new List<(string Who, string Payload)>();
        var all = new TaskCompletionSource();
        const int Count = 10;
        foreach (var (client, name) in new[] { (a, "a"), (b, "b") })
        {
            client.MessageReceivedAsync += e =>
            {
                lock (received)
                {
                    received.Add((name, Encoding.UTF8.GetString(e.Message.Payload.Span)));
                    if (received.Count == Count)
                    {
                        all.TrySetResult();
                    }
                }

                return Task.CompletedTask;
            };
            await client.SubscribeAsync("$share/workers/" + Topic("jobs"), MqttQualityOfService.AtLeastOnce);
        }

        var publisher = await ConnectedAsync("pub");
        for (var i = 0; i < Count; i++)
        {
            await publisher.PublishAsync(Text(Topic("jobs"), "job" + i, MqttQualityOfService.AtLeastOnce));
        }

        await all.Task.WaitAsync(TestTimeouts.Safety);
        Assert.Equal(Count, received.Select(r => r.Payload).Distinct().Count());
        Assert.Contains(received, r => r.Who == "a");
        Assert.Contains(received, r => r.Who == "b");
    }

    [Fact]
    public async Task Repeated_topics_use_aliases_that_the_broker_resolves()
    {
        var subscriber = await ConnectedAsync("sub");
        var inbox = new MessageCollector(subscriber);
        await subscriber.SubscribeAsync(Topic("alias/#"), MqttQualityOfService.AtLeastOnce);
        var publisher = await ConnectedAsync("pub");
        Assert.True(publisher.ServerConnAck!.TopicAliasMaximum > 0);
        for (var i = 0; i < 5; i++)
        {
            await publisher.PublishAsync(Text(Topic("alias/same/long/topic"), "a" + i, MqttQualityOfService.AtLeastOnce));
        }

        var messages = await inbox.TakeAsync(5);
        Assert.All(messages, m => Assert.Equal(Topic("alias/same/long/topic"), m.Message.Topic));
    }

    [Fact]
    public async Task Large_payloads_arrive_intact_and_oversized_ones_are_refused()
    {
        var subscriber = await ConnectedAsync("sub");
        var inbox = new MessageCollector(subscriber);
        await subscriber.SubscribeAsync(Topic("large"), MqttQualityOfService.AtLeastOnce);
        var publisher = await ConnectedAsync("pub");
        var payload = new byte[1 << 20];
        new Random(5).NextBytes(payload);
        await publisher.PublishAsync(new MqttApplicationMessage { Topic = Topic("large"), Payload = payload, QualityOfService = MqttQualityOfService.AtLeastOnce });
        Assert.Equal(payload, (await inbox.NextAsync()).Message.Payload.ToArray());
        await Assert.ThrowsAsync<MqttPacketTooLargeException>(() => publisher.PublishAsync(new MqttApplicationMessage { Topic = Topic("large"), Payload = new byte[5 << 20] }));
        Assert.True(publisher.IsConnected);
    }

    [Fact]
    public async Task Pooled_receive_buffers_deliver_each_large_payload_intact_during_its_handler()
    {
        var subscriber = await ConnectedAsync("pooled", o => o.PooledReceiveBuffers = true);
        var copies = new List<byte[]>();
        var all = new TaskCompletionSource();
        subscriber.MessageReceivedAsync += e =>
        {
            copies.Add(e.Message.Payload.ToArray());
            if (copies.Count == 6)
            {
                all.TrySetResult();
            }

            return Task.CompletedTask;
        };
        await subscriber.SubscribeAsync(Topic("pooled"), MqttQualityOfService.AtLeastOnce);
        var publisher = await ConnectedAsync("pub");
        var random = new Random(12);
        var sent = new List<byte[]>();
        foreach (var size in new[] { 70_000, 300_000, 70_000, 1 << 20, 100, 200_000 })
        {
            var payload = new byte[size];
            random.NextBytes(payload);
            sent.Add(payload);
            await publisher.PublishAsync(new MqttApplicationMessage { Topic = Topic("pooled"), Payload = payload, QualityOfService = size % 2 == 0 ? MqttQualityOfService.AtMostOnce : MqttQualityOfService.AtLeastOnce });
        }

        await all.Task.WaitAsync(TestTimeouts.Safety);
        Assert.Equal(sent, copies);
    }

    [Fact]
    public async Task Broker_drops_messages_above_the_clients_maximum_packet_size()
    {
        var subscriber = await ConnectedAsync("small", o => o.MaximumPacketSize = 1024);
        var inbox = new MessageCollector(subscriber);
        await subscriber.SubscribeAsync(Topic("limits/#"), MqttQualityOfService.AtLeastOnce);
        var publisher = await ConnectedAsync("pub");
        await publisher.PublishAsync(new MqttApplicationMessage { Topic = Topic("limits/big"), Payload = new byte[4096], QualityOfService = MqttQualityOfService.AtLeastOnce });
        for (var i = 0; i < 20; i++)
        {
            await publisher.PublishAsync(Text(Topic("limits/small"), "s" + i, MqttQualityOfService.AtLeastOnce));
        }

        var messages = await inbox.TakeAsync(20);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => "s" + i), messages.Select(m => Encoding.UTF8.GetString(m.Message.Payload.Span)));
        Assert.True(subscriber.IsConnected);
    }

    [Fact]
    public async Task Broker_respects_a_receive_maximum_of_one()
    {
        var subscriber = await ConnectedAsync("rm1", o => o.ReceiveMaximum = 1);
        var inbox = new MessageCollector(subscriber);
        await subscriber.SubscribeAsync(Topic("rm/#"), MqttQualityOfService.ExactlyOnce);
        var publisher = await ConnectedAsync("pub");
        var sends = Enumerable.Range(0, 20).Select(i => publisher.PublishAsync(Text(Topic("rm/" + (i % 2)), "r" + i, i % 2 == 0 ? MqttQualityOfService.AtLeastOnce : MqttQualityOfService.ExactlyOnce))).ToArray();
        await Task.WhenAll(sends);
        var messages = await inbox.TakeAsync(20);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => "r" + i).Order(), messages.Select(m => Encoding.UTF8.GetString(m.Message.Payload.Span)).Order());
        Assert.True(subscriber.IsConnected);
    }

    [Fact]
    public async Task Will_is_published_on_disconnect_with_will_message()
    {
        var watcher = await ConnectedAsync("watcher");
        var inbox = new MessageCollector(watcher);
        await watcher.SubscribeAsync(Topic("will/#"), MqttQualityOfService.AtLeastOnce);
        var node = await ConnectedAsync("node", o => o.Will = new MqttApplicationMessage { Topic = Topic("will/node"), Payload = "offline"u8.ToArray(), QualityOfService = MqttQualityOfService.AtLeastOnce, ContentType = "text/plain" });
        await node.DisconnectAsync(MqttReasonCode.DisconnectWithWillMessage);
        var will = (await inbox.NextAsync()).Message;
        Assert.Equal("offline", Encoding.UTF8.GetString(will.Payload.Span));
        Assert.Equal("text/plain", will.ContentType);
    }

    [Fact]
    public async Task Delayed_will_is_published_after_an_abrupt_connection_loss()
    {
        var watcher = await ConnectedAsync("watcher");
        var inbox = new MessageCollector(watcher);
        await watcher.SubscribeAsync(Topic("will3/#"), MqttQualityOfService.AtLeastOnce);
        var transport = new AbortableTransport();
        var node = await ConnectedAsync("node", o =>
        {
            o.Transport = transport;
            o.SessionExpiryIntervalSeconds = 30;
            o.WillDelayIntervalSeconds = 1;
            o.Will = new MqttApplicationMessage { Topic = Topic("will3/node"), Payload = "lost"u8.ToArray(), QualityOfService = MqttQualityOfService.AtLeastOnce };
        });
        transport.Abort(); // no DISCONNECT reaches the broker
        var will = (await inbox.NextAsync()).Message;
        Assert.Equal("lost", Encoding.UTF8.GetString(will.Payload.Span));
        Assert.False(node.IsConnected);
    }

    /// <summary>TCP transport whose connection the test can reset, as a network failure would.</summary>
    private sealed class AbortableTransport : IMqttTransport
    {
        private System.Net.Sockets.NetworkStream? _stream;

        public async ValueTask<Stream> ConnectAsync(string host, int port, MqttTlsOptions? tls, CancellationToken cancellationToken = default)
        {
            var stream = await MqttTcpTransport.Instance.ConnectAsync(host, port, tls, cancellationToken);
            _stream = (System.Net.Sockets.NetworkStream)stream;
            return stream;
        }

        public void Abort() => _stream!.Socket.Close(0);
    }

    [Fact]
    public async Task Normal_disconnect_discards_the_will()
    {
        var watcher = await ConnectedAsync("watcher");
        var inbox = new MessageCollector(watcher);
        await watcher.SubscribeAsync(Topic("will2/#"), MqttQualityOfService.AtLeastOnce);
        var node = await ConnectedAsync("node", o => o.Will = new MqttApplicationMessage { Topic = Topic("will2/node"), Payload = "offline"u8.ToArray() });
        await node.DisconnectAsync();
        var other = await ConnectedAsync("other");
        await other.PublishAsync(Text(Topic("will2/marker"), "marker", MqttQualityOfService.AtLeastOnce));
        Assert.Equal("marker", await inbox.NextPayloadAsync());
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V500)]
    [InlineData(MqttProtocolVersion.V311)]
    public async Task Session_resumes_with_queued_messages_after_reconnecting(MqttProtocolVersion version)
    {
        var clientId = _prefix + "-persistent";
        var first = await ConnectedAsync("persistent", o =>
        {
            o.ClientId = clientId;
            o.CleanStart = version == MqttProtocolVersion.V500; // 3.1.1 keeps a session only for clean session = 0
            o.SessionExpiryIntervalSeconds = 300;
        }, version);
        await first.SubscribeAsync(Topic("offline/#"), MqttQualityOfService.AtLeastOnce);
        var options = broker.Options(clientId, version);
        options.CleanStart = false;
        options.SessionExpiryIntervalSeconds = 300;
        await first.DisconnectAsync();

        var publisher = await ConnectedAsync("pub");
        for (var i = 0; i < 3; i++)
        {
            await publisher.PublishAsync(Text(Topic("offline/" + i), "queued" + i, MqttQualityOfService.AtLeastOnce));
        }

        var second = new MqttClient(options);
        _clients.Add(second);
        var inbox = new MessageCollector(second);
        var connAck = await second.ConnectAsync();
        Assert.True(connAck.SessionPresent);
        var messages = await inbox.TakeAsync(3);
        Assert.Equal(["queued0", "queued1", "queued2"], messages.Select(m => Encoding.UTF8.GetString(m.Message.Payload.Span)));
        await second.UnsubscribeAsync([Topic("offline/#")]);
        await second.DisconnectAsync(sessionExpiryIntervalSeconds: 0);
    }

    [Fact]
    public async Task Session_takeover_ends_the_old_connection()
    {
        var closed = new TaskCompletionSource<MqttConnectionClosed>();
        var first = await ConnectedAsync("dup");
        first.DisconnectedAsync += e =>
        {
            closed.TrySetResult(e);
            return Task.CompletedTask;
        };
        var second = await ConnectedAsync("dup");
        var reason = await closed.Task.WaitAsync(TestTimeouts.Safety);

        // MQTT 5.0 asks for DISCONNECT 0x8E; mosquitto 2.0.11 closes the socket without it.
        Assert.Contains(reason.ReasonCode, new[] { MqttReasonCode.SessionTakenOver, MqttReasonCode.UnspecifiedError });
        Assert.False(reason.ClientInitiated);
        Assert.False(first.IsConnected);
        Assert.True(second.IsConnected);
    }

    [Fact]
    public async Task Acl_denies_publishing_and_reading_outside_the_users_topics()
    {
        var restricted = await ConnectedAsync("restricted", o =>
        {
            o.UserName = SecuredMosquittoBroker.RestrictedUser;
            o.Password = Encoding.UTF8.GetBytes(SecuredMosquittoBroker.RestrictedPassword);
        });
        var inbox = new MessageCollector(restricted);
        var denied = await restricted.PublishAsync(Text("forbidden/" + _prefix, "nope", MqttQualityOfService.AtLeastOnce));
        Assert.Equal(MqttReasonCode.NotAuthorized, denied.ReasonCode);
        Assert.False(denied.IsSuccess);
        Assert.True((await restricted.PublishAsync(Text("allowed/" + _prefix, "yes", MqttQualityOfService.AtLeastOnce))).IsSuccess);

        // mosquitto 2.0.11 grants the SUBACK and applies the read ACL to each delivery instead.
        await restricted.SubscribeAsync([new MqttTopicFilter { Filter = "forbidden/#", QualityOfService = MqttQualityOfService.AtLeastOnce }, new MqttTopicFilter { Filter = "readonly/" + _prefix, QualityOfService = MqttQualityOfService.AtLeastOnce }]);
        var admin = await ConnectedAsync("admin");
        await admin.PublishAsync(Text("forbidden/" + _prefix, "hidden", MqttQualityOfService.AtLeastOnce));
        await admin.PublishAsync(Text("readonly/" + _prefix, "visible", MqttQualityOfService.AtLeastOnce));
        Assert.Equal("visible", await inbox.NextPayloadAsync());
        Assert.Equal(MqttReasonCode.NotAuthorized, (await restricted.PublishAsync(Text("readonly/" + _prefix, "write", MqttQualityOfService.AtLeastOnce))).ReasonCode);
    }

    [Fact]
    public async Task Tls_connects_when_the_certificate_matches_the_host_name()
    {
        var client = await ConnectedAsync("tls", o =>
        {
            o.Port = broker.TlsPort;
            o.Tls = broker.TlsOptions("localhost");
        });
        var inbox = new MessageCollector(client);
        await client.SubscribeAsync(Topic("tls"), MqttQualityOfService.ExactlyOnce);
        await client.PublishAsync(Text(Topic("tls"), "secret", MqttQualityOfService.ExactlyOnce));
        Assert.Equal("secret", await inbox.NextPayloadAsync());
    }

    [Fact]
    public async Task Tls_refuses_a_certificate_for_another_host_name()
    {
        var options = broker.Options(_prefix + "-wronghost");
        options.Port = broker.TlsPort;
        options.Tls = broker.TlsOptions("broker.example.com");
        await using var client = new MqttClient(options);
        await Assert.ThrowsAsync<AuthenticationException>(() => client.ConnectAsync());
    }

    [Fact]
    public async Task Tls_refuses_a_server_whose_CA_is_not_trusted()
    {
        var options = broker.Options(_prefix + "-untrusted");
        options.Port = broker.TlsPort;
        options.Tls = new MqttTlsOptions { TargetHost = "localhost" };
        await using var client = new MqttClient(options);
        await Assert.ThrowsAsync<AuthenticationException>(() => client.ConnectAsync());
    }

    [Fact]
    public async Task Mutual_tls_authenticates_the_client_by_its_certificate()
    {
        var client = await ConnectedAsync("mtls", o =>
        {
            o.Port = broker.MutualTlsPort;
            o.UserName = null;
            o.Password = null;
            o.Tls = broker.TlsOptions();
            o.Tls.ClientCertificates.Add(broker.ClientCertificate);
        });
        var result = await client.PublishAsync(Text(Topic("mtls"), "hi", MqttQualityOfService.AtLeastOnce));
        Assert.True(result.IsSuccess);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Mutual_tls_rejects_clients_without_a_trusted_certificate(bool presentUntrustedCertificate)
    {
        var options = broker.Options(_prefix + "-nocert");
        options.Port = broker.MutualTlsPort;
        options.Tls = broker.TlsOptions();
        if (presentUntrustedCertificate)
        {
            options.Tls.ClientCertificates.Add(broker.UntrustedClientCertificate);
        }

        await using var client = new MqttClient(options);
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => client.ConnectAsync());
        Assert.True(ex is AuthenticationException or IOException or MqttNotConnectedException, ex.ToString());
        Assert.False(client.IsConnected);
    }
}
