using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Vedliot.Messaging.Client;
using Vedliot.Messaging.Packets;
using Vedliot.Testing;
using Vedliot.UseCases.Industrial.Simulation;
using Vedliot.UseCases.Industrial.Sparkplug;

namespace Vedliot.UseCases.Industrial.Tests;

/// <summary>What the edge node publishes through a real mosquitto, decoded by Eclipse Tahu's own codec.</summary>
public sealed class SparkplugTahuTests(MosquittoBroker broker) : IClassFixture<MosquittoBroker>
{
    private const string Group = "plant";
    private const string Node = "edge-1";
    private const string Host = "scada-1";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Births_deaths_bdSeq_and_seq_follow_Sparkplug_over_rebirth_and_a_reconnect()
    {
        using var tahu = new TahuCodec();
        await using var observer = new MqttClient(broker.Options("observer-" + Guid.NewGuid().ToString("N")[..6]));
        var inbox = Channel.CreateUnbounded<(string Topic, byte[] Payload)>();
        observer.MessageReceivedAsync += e =>
        {
            inbox.Writer.TryWrite((e.Message.Topic, e.Message.Payload.ToArray()));
            return Task.CompletedTask;
        };
        await observer.ConnectAsync();
        await observer.SubscribeAsync($"spBv1.0/{Group}/#", MqttQualityOfService.AtLeastOnce);
        await SetHostAsync(observer, online: true);

        var node = new SparkplugEdgeNode(new SparkplugEdgeNodeOptions
        {
            Broker = broker.Options("edge-" + Guid.NewGuid().ToString("N")[..6]),
            GroupId = Group,
            EdgeNodeId = Node,
            Devices = ["motor-1", "motor-2"],
            PrimaryHostId = Host,
        });
        var received = new List<(string Type, string? Device, JsonElement Payload)>();
        async Task Expect(int count)
        {
            while (received.Count < count)
            {
                var (topic, payload) = await inbox.Reader.ReadAsync().AsTask().WaitAsync(Wait);
                var levels = topic.Split('/');
                if (levels[2] == "NCMD")
                {
                    continue; // the observer's own command
                }

                received.Add((levels[2], levels.Length > 4 ? levels[4] : null, await tahu.DecodeAsync(payload)));
            }
        }

        await using (node)
        {
            await node.StartAsync();
            await Expect(1);
            var report = Report(MotorCondition.OuterRace);
            Assert.True(await node.PublishAsync("motor-1", report));
            Assert.True(await node.PublishAsync("motor-2", report));
            for (var i = 0; i < 300; i++)
            {
                Assert.True(await node.PublishAsync(i % 2 == 0 ? "motor-1" : "motor-2", report));
            }

            await Expect(303);

            // Rebirth, asked for in a payload Tahu encodes.
            await observer.PublishAsync(new MqttApplicationMessage { Topic = $"spBv1.0/{Group}/NCMD/{Node}", Payload = await tahu.EncodeAsync("""{"timestamp":1,"metrics":[{"name":"Node Control/Rebirth","type":"Boolean","value":true}]}"""), QualityOfService = MqttQualityOfService.AtLeastOnce });
            await Expect(306);

            // The primary host goes away and comes back: DDEATHs and NDEATH, then a new session with the next bdSeq.
            await SetHostAsync(observer, online: false);
            await Expect(309);
            await SetHostAsync(observer, online: true);
            await Expect(312);
        }

        await Expect(315);
        string[] expected =
        [
            "NBIRTH", "DBIRTH", "DBIRTH", .. Enumerable.Repeat("DDATA", 300),
            "NBIRTH", "DBIRTH", "DBIRTH",
            "DDEATH", "DDEATH", "NDEATH",
            "NBIRTH", "DBIRTH", "DBIRTH",
            "DDEATH", "DDEATH", "NDEATH",
        ];
        Assert.Equal(expected, received.Select(r => r.Type));

        // seq: 0 at each NBIRTH, then one more per message modulo 256; NDEATH has none.
        int? seq = null;
        foreach (var (type, _, payload) in received)
        {
            if (type == "NDEATH")
            {
                Assert.False(payload.TryGetProperty("seq", out _));
                seq = null;
                continue;
            }

            var value = payload.GetProperty("seq").GetInt32();
            Assert.Equal(type == "NBIRTH" ? 0 : (seq!.Value + 1) % 256, value);
            seq = value;
        }

        Assert.Contains(received, r => r.Type == "DDATA" && r.Payload.GetProperty("seq").GetInt32() == 0);

        // bdSeq: the same in a session's NBIRTH and NDEATH, one more in the next session.
        var bdSeqs = received.Where(r => r.Type is "NBIRTH" or "NDEATH").Select(r => (r.Type, BdSeq(r.Payload))).ToList();
        Assert.Equal([("NBIRTH", 0L), ("NBIRTH", 0L), ("NDEATH", 0L), ("NBIRTH", 1L), ("NDEATH", 1L)], bdSeqs);

        // Births carry names, aliases, data types and timestamps; data carries aliases only.
        var birth = received.First(r => r.Type == "DBIRTH").Payload.GetProperty("metrics").EnumerateArray().ToList();
        Assert.Equal(MotorMetricsNames(), birth.Select(m => m.GetProperty("name").GetString()));
        Assert.All(birth, m => Assert.True(m.GetProperty("alias").GetInt64() >= 100 && m.GetProperty("timestamp").GetInt64() > 0));
        Assert.Equal("outer_race", birth[0].GetProperty("value").GetString());
        Assert.Equal("String", birth[0].GetProperty("type").GetString());
        Assert.Equal("Float", birth[1].GetProperty("type").GetString());
        Assert.Equal("Double", birth[^1].GetProperty("type").GetString());
        var data = received.First(r => r.Type == "DDATA").Payload.GetProperty("metrics").EnumerateArray().ToList();
        Assert.All(data, m => Assert.False(m.TryGetProperty("name", out _)));
        Assert.Equal(birth.Select(m => m.GetProperty("alias").GetInt64()), data.Select(m => m.GetProperty("alias").GetInt64()));
    }

    private static long BdSeq(JsonElement payload) =>
        payload.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "bdSeq").GetProperty("value").GetInt64();

    private static IEnumerable<string> MotorMetricsNames() => MotorMetrics.Names;

    private static MotorReport Report(MotorCondition condition)
    {
        double[] scores = [.. MotorConditions.All.Select(c => c == condition ? 0.95 : 0.01)];
        return new MotorReport(new WindowClassification(condition, scores, TimeSpan.FromMilliseconds(12.5)), new VibrationSummary(0.12, [89.0, 178.0, 25.0]), 1500);
    }

    private static async Task SetHostAsync(MqttClient client, bool online) =>
        await client.PublishAsync(new MqttApplicationMessage
        {
            Topic = $"spBv1.0/STATE/{Host}",
            Payload = Encoding.UTF8.GetBytes($"{{\"online\":{(online ? "true" : "false")},\"timestamp\":{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}}}"),
            QualityOfService = MqttQualityOfService.AtLeastOnce,
            Retain = true,
        });
}
