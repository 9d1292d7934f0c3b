using System.Globalization;
using System.Text;
using System.Text.Json;
using Vedliot.Messaging.Client;
using Vedliot.Messaging.Packets;
using Vedliot.Messaging.Tensors;
using Vedliot.Messaging.Tests.Infrastructure;

namespace Vedliot.Messaging.Tests.Client;

/// <summary>Interoperability with MQTT.js (npm mqtt, run with Node.js) through the same mosquitto.</summary>
[Collection(MosquittoGroup.Name)]
public sealed class MqttJsInteropTests(SecuredMosquittoBroker broker) : IAsyncLifetime
{
    private const int Count = 20;
    private readonly string _prefix = "js" + Guid.NewGuid().ToString("N")[..8];
    private MqttClient? _client;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }
    }

    private Dictionary<string, string> PeerEnvironment(string mode, string topic, MqttQualityOfService qos, MqttProtocolVersion version) => new()
    {
        ["PEER_MODE"] = mode,
        ["PEER_URL"] = $"mqtt://127.0.0.1:{broker.Port}",
        ["PEER_USER"] = SecuredMosquittoBroker.UserName,
        ["PEER_PASS"] = SecuredMosquittoBroker.Password,
        ["PEER_TOPIC"] = topic,
        ["PEER_QOS"] = ((int)qos).ToString(CultureInfo.InvariantCulture),
        ["PEER_COUNT"] = Count.ToString(CultureInfo.InvariantCulture),
        ["PEER_PROTOCOL"] = ((int)version).ToString(CultureInfo.InvariantCulture),
    };

    private async Task<MqttClient> ConnectAsync(MqttProtocolVersion version)
    {
        _client = new MqttClient(broker.Options(_prefix + "-vedliot", version));
        await _client.ConnectAsync();
        return _client;
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V500, MqttQualityOfService.AtMostOnce)]
    [InlineData(MqttProtocolVersion.V500, MqttQualityOfService.AtLeastOnce)]
    [InlineData(MqttProtocolVersion.V500, MqttQualityOfService.ExactlyOnce)]
    [InlineData(MqttProtocolVersion.V311, MqttQualityOfService.ExactlyOnce)]
    public async Task Messages_published_by_MQTT_js_are_received_by_Vedliot(MqttProtocolVersion version, MqttQualityOfService qos)
    {
        var client = await ConnectAsync(version);
        var inbox = new MessageCollector(client);
        var topic = _prefix + "/from-js";
        await client.SubscribeAsync(topic, qos);
        await using var peer = NodePeer.Start(PeerEnvironment("pub", topic, qos, version));
        Assert.Equal("DONE", await peer.ReadLineAsync());
        Assert.Equal(0, await peer.WaitForExitAsync());

        var messages = await inbox.TakeAsync(Count);
        Assert.Equal(Enumerable.Range(0, Count).Select(i => "mqttjs-" + i), messages.Select(m => Encoding.UTF8.GetString(m.Message.Payload.Span)));
        Assert.All(messages, m => Assert.Equal(qos, m.Message.QualityOfService));
        if (version == MqttProtocolVersion.V500)
        {
            Assert.All(messages, m => Assert.Contains(new MqttUserProperty("origin", "mqttjs"), m.Message.UserProperties));
            Assert.All(messages, m => Assert.Equal("text/plain", m.Message.ContentType));
        }
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V500, MqttQualityOfService.AtMostOnce)]
    [InlineData(MqttProtocolVersion.V500, MqttQualityOfService.AtLeastOnce)]
    [InlineData(MqttProtocolVersion.V500, MqttQualityOfService.ExactlyOnce)]
    [InlineData(MqttProtocolVersion.V311, MqttQualityOfService.AtLeastOnce)]
    public async Task Messages_published_by_Vedliot_are_received_by_MQTT_js(MqttProtocolVersion version, MqttQualityOfService qos)
    {
        var topic = _prefix + "/to-js";
        await using var peer = NodePeer.Start(PeerEnvironment("sub", topic, qos, version));
        Assert.Equal("READY", await peer.ReadLineAsync());
        var client = await ConnectAsync(version);
        for (var i = 0; i < Count; i++)
        {
            var result = await client.PublishAsync(new MqttApplicationMessage
            {
                Topic = topic,
                Payload = Encoding.UTF8.GetBytes("vedliot-" + i),
                QualityOfService = qos,
                ContentType = "text/plain",
                UserProperties = [new("origin", "vedliot")],
            });
            Assert.True(result.IsSuccess);
        }

        for (var i = 0; i < Count; i++)
        {
            using var line = JsonDocument.Parse(await peer.ReadLineAsync());
            var root = line.RootElement;
            Assert.Equal("vedliot-" + i, Encoding.UTF8.GetString(Convert.FromBase64String(root.GetProperty("payload").GetString()!)));
            Assert.Equal((int)qos, root.GetProperty("qos").GetInt32());
            if (version == MqttProtocolVersion.V500)
            {
                Assert.Equal("vedliot", root.GetProperty("userProperties").GetProperty("origin").GetString());
                Assert.Equal("text/plain", root.GetProperty("contentType").GetString());
            }
        }

        Assert.Equal("DONE", await peer.ReadLineAsync());
        Assert.True(await peer.WaitForExitAsync() == 0, peer.StandardError);
    }

    [Fact]
    public async Task Tensor_frames_survive_a_round_trip_through_an_MQTT_js_relay()
    {
        var inTopic = _prefix + "/tensor/in";
        var outTopic = _prefix + "/tensor/out";
        var environment = PeerEnvironment("echo", inTopic, MqttQualityOfService.AtLeastOnce, MqttProtocolVersion.V500);
        environment["PEER_OUT_TOPIC"] = outTopic;
        environment["PEER_COUNT"] = "3";
        await using var peer = NodePeer.Start(environment);
        Assert.Equal("READY", await peer.ReadLineAsync());
        var client = await ConnectAsync(MqttProtocolVersion.V500);
        var inbox = new MessageCollector(client);
        await client.SubscribeAsync(outTopic, MqttQualityOfService.AtLeastOnce);
        var random = new Random(3);
        var sent = new List<TensorFrame>();
        foreach (var elements in new[] { 256, 25_600, 262_144 })
        {
            var data = new byte[elements * 4];
            random.NextBytes(data);
            var frame = new TensorFrame { ElementType = TensorElementType.Float32, Shape = [1, elements], PipelineId = 7, RequestId = (ulong)elements, StageIndex = 1, Data = data };
            sent.Add(frame);
            await client.PublishAsync(new MqttApplicationMessage { Topic = inTopic, Payload = TensorFrameCodec.Encode(frame), QualityOfService = MqttQualityOfService.AtLeastOnce });
        }

        foreach (var expected in sent)
        {
            var frame = TensorFrameCodec.Decode((await inbox.NextAsync()).Message.Payload);
            Assert.Equal(expected.RequestId, frame.RequestId);
            Assert.Equal(expected.Shape, frame.Shape);
            Assert.True(expected.Data.Span.SequenceEqual(frame.Data.Span));
        }
    }
}
