using System.Diagnostics;
using Vedliot.Messaging.Client;
using Vedliot.Messaging.Packets;
using Vedliot.Messaging.Tensors;

namespace Vedliot.Messaging.Benchmarks;

/// <summary>The Vedliot side: a publisher and a subscriber client in this process, through the broker.</summary>
internal sealed class VedliotRunner(int port, Func<string>? brokerLog = null) : IAsyncDisposable
{
    private readonly List<MqttClient> _clients = [];
    private int _next;

    public async Task<double> MessagesPerSecondAsync(MqttQualityOfService qos, int count, int size)
    {
        var (publisher, subscriber, topic) = await PairAsync(qos);
        var received = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        subscriber.MessageReceivedAsync += _ =>
        {
            if (Interlocked.Increment(ref received) == count)
            {
                done.TrySetResult();
            }

            return Task.CompletedTask;
        };
        var message = new MqttApplicationMessage { Topic = topic, Payload = new byte[size], QualityOfService = qos };
        var stopwatch = Stopwatch.StartNew();
        if (qos == MqttQualityOfService.AtMostOnce)
        {
            for (var i = 0; i < count; i++)
            {
                await publisher.PublishAsync(message);
            }
        }
        else
        {
            // Sliding window of 1,000 unacknowledged publishes (the same window the MQTT.js side uses).
            using var window = new SemaphoreSlim(1000);
            var all = new Task[count];
            var failed = 0;
            for (var i = 0; i < count; i++)
            {
                await window.WaitAsync();
                all[i] = publisher.PublishAsync(message).ContinueWith(
                    t =>
                    {
                        if (!t.IsCompletedSuccessfully || !t.Result.IsSuccess)
                        {
                            Interlocked.Increment(ref failed);
                        }

                        window.Release();
                    },
                    TaskScheduler.Default);
            }

            await Task.WhenAll(all);
            if (failed > 0)
            {
                throw new InvalidOperationException($"{failed} of {count} QoS {(int)qos} publishes failed.");
            }
        }

        try
        {
            await done.Task.WaitAsync(TimeSpan.FromMinutes(2));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Only {Volatile.Read(ref received)} of {count} QoS {(int)qos} messages arrived within 2 minutes (subscriber dropped {subscriber.DroppedQoS0MessageCount} QoS 0 messages).");
        }

        return count / stopwatch.Elapsed.TotalSeconds;
    }

    /// <summary>One hop publisher → broker → subscriber per tensor frame, one at a time (encode, CRC, decode, verify included).</summary>
    public async Task<(double P50Ms, double P99Ms)> TensorLatencyAsync(int size, int iterations)
    {
        var (publisher, subscriber, topic) = await PairAsync(MqttQualityOfService.AtMostOnce);
        TaskCompletionSource? arrived = null;
        subscriber.MessageReceivedAsync += e =>
        {
            TensorFrameCodec.Decode(e.Message.Payload);
            arrived!.TrySetResult();
            return Task.CompletedTask;
        };
        var frame = Frame(size);
        var samples = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var start = Stopwatch.GetTimestamp();
            await publisher.PublishAsync(new MqttApplicationMessage { Topic = topic, Payload = TensorFrameCodec.Encode(frame) });
            await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(samples);
        return (samples[iterations / 2], samples[Math.Min(iterations - 1, (int)(iterations * 0.99))]);
    }

    /// <summary>Many tensor frames in flight; megabytes per second arriving at the subscriber.</summary>
    public async Task<double> TensorThroughputAsync(int size, int count)
    {
        var (publisher, subscriber, topic) = await PairAsync(MqttQualityOfService.AtMostOnce);
        var received = 0;
        long bytes = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        subscriber.MessageReceivedAsync += e =>
        {
            var frame = TensorFrameCodec.Decode(e.Message.Payload);
            bytes += frame.Data.Length + TensorFrameCodec.HeaderSize(frame.Shape.Count);
            if (++received == count)
            {
                done.TrySetResult();
            }

            return Task.CompletedTask;
        };
        var payload = TensorFrameCodec.Encode(Frame(size));
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            await publisher.PublishAsync(new MqttApplicationMessage { Topic = topic, Payload = payload });
        }

        await done.Task.WaitAsync(TimeSpan.FromMinutes(2));
        return bytes / 1e6 / stopwatch.Elapsed.TotalSeconds;
    }

    /// <summary>Raw payloads (no tensor framing) in flight; megabytes per second arriving at the subscriber.</summary>
    public async Task<double> RawThroughputAsync(int size, int count)
    {
        var (publisher, subscriber, topic) = await PairAsync(MqttQualityOfService.AtMostOnce);
        var received = 0;
        long bytes = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        subscriber.MessageReceivedAsync += e =>
        {
            bytes += e.Message.Payload.Length;
            if (++received == count)
            {
                done.TrySetResult();
            }

            return Task.CompletedTask;
        };
        var message = new MqttApplicationMessage { Topic = topic, Payload = new byte[size] };
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            await publisher.PublishAsync(message);
        }

        await done.Task.WaitAsync(TimeSpan.FromMinutes(2));
        return bytes / 1e6 / stopwatch.Elapsed.TotalSeconds;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }
    }

    /// <summary>A frame whose total encoded size is <paramref name="size"/> bytes (rounded to whole float32 elements).</summary>
    private static TensorFrame Frame(int size)
    {
        var elements = Math.Max(1, (size - TensorFrameCodec.HeaderSize(2)) / 4);
        var data = new byte[elements * 4];
        new Random(1).NextBytes(data);
        return new TensorFrame { ElementType = TensorElementType.Float32, Shape = [1, elements], PipelineId = 1, RequestId = 1, StageIndex = 0, Data = data };
    }

    private async Task<(MqttClient Publisher, MqttClient Subscriber, string Topic)> PairAsync(MqttQualityOfService qos)
    {
        var id = Interlocked.Increment(ref _next);
        var topic = $"bench/vedliot/{Environment.ProcessId}/{id}";
        var subscriber = await ConnectAsync($"sub-{id}", pooledReceive: true);
        await subscriber.SubscribeAsync(topic, qos);
        var publisher = await ConnectAsync($"pub-{id}");
        return (publisher, subscriber, topic);
    }

    private async Task<MqttClient> ConnectAsync(string name, bool pooledReceive = false)
    {
        var client = new MqttClient(new MqttClientOptions
        {
            Host = "127.0.0.1",
            Port = port,
            ClientId = $"vedliot-{name}-{Environment.ProcessId}",
            MaximumPacketSize = 64 << 20,
            PooledReceiveBuffers = pooledReceive,
            MaximumQueuedQoS0Bytes = 1L << 30, // a benchmark must not drop QoS 0 messages while handlers catch up
            // Announce no Receive Maximum, like the MQTT.js side, so that mosquitto applies its own
            // max_inflight_messages (1000) to both. mosquitto 2.0.11 overshoots an announced Receive
            // Maximum by a few messages under this load (seen on the wire: 1,036 unacknowledged for 1,024),
            // which the client answers, as MQTT 5.0 §3.3.4 says, with DISCONNECT 0x93.
            ReceiveMaximum = ushort.MaxValue,
            Reconnect = { Enabled = false },
        });
        client.DisconnectedAsync += e =>
        {
            if (!e.ClientInitiated)
            {
                // A figure measured over a lost connection is meaningless: say so rather than time out silently.
                Console.Error.WriteLine($"{name}: connection lost ({e.ReasonCode}: {e.ReasonString ?? e.Exception?.Message}); the broker's last log lines:");
                Console.Error.WriteLine(brokerLog?.Invoke());
            }

            return Task.CompletedTask;
        };
        _clients.Add(client);
        await client.ConnectAsync();
        return client;
    }
}
