using System.Runtime.InteropServices;
using System.Threading.Channels;
using Vedliot.Messaging.Client;
using Vedliot.Messaging.Packets;
using Vedliot.Messaging.Tensors;
using Vedliot.Testing;

namespace Vedliot.Pipelines.Tests.Infrastructure;

/// <summary>
/// The app's side of a test: its MQTT client, a fake clock for the pipeline client's timeouts, and a way to know
/// that the pipeline client has handled a notice (a handler registered after the client's runs after it, in order).
/// </summary>
public sealed class AppSide : IAsyncDisposable
{
    private readonly Channel<MqttApplicationMessage> _notices = Channel.CreateUnbounded<MqttApplicationMessage>();
    private readonly List<PipelineClient> _clients = [];

    private AppSide(MqttClient mqtt, FakePipeline pipeline, TimerAwareFakeTimeProvider time)
    {
        Mqtt = mqtt;
        Pipeline = pipeline;
        Time = time;
    }

    public MqttClient Mqtt { get; }

    public FakePipeline Pipeline { get; }

    public TimerAwareFakeTimeProvider Time { get; }

    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(7);

    /// <summary>A fake pipeline and a connected app client; with <paramref name="fakeMqttClock"/> the MQTT client's back-off runs on the fake clock too, and it reconnects by itself.</summary>
    public static async Task<AppSide> CreateAsync(MosquittoBroker broker, bool fakeMqttClock = false)
    {
        var time = new TimerAwareFakeTimeProvider();
        var pipeline = await FakePipeline.StartAsync(broker);
        var options = broker.Options("app-" + pipeline.Endpoint.Pipeline);
        if (fakeMqttClock)
        {
            options.TimeProvider = time;
            options.KeepAlive = TimeSpan.Zero;
            options.Reconnect = new MqttReconnectOptions { Enabled = true, InitialDelay = TimeSpan.FromSeconds(1), JitterFraction = 0 };
        }

        var mqtt = new MqttClient(options);
        await mqtt.ConnectAsync().WaitAsync(TestTimeouts.Safety);
        return new AppSide(mqtt, pipeline, time);
    }

    public PipelineClientOptions Options(Action<PipelineClientOptions>? configure = null)
    {
        var options = new PipelineClientOptions { RequestTimeout = RequestTimeout, StartTimeout = StartTimeout, TimeProvider = Time };
        configure?.Invoke(options);
        return options;
    }

    /// <summary>Starts a client and watches the notices it handles from then on.</summary>
    public async Task<PipelineClient> StartClientAsync(PipelineClientOptions? options = null)
    {
        var client = await BeginStart(options).WaitAsync(TestTimeouts.Safety);
        _clients.Add(client);
        return client;
    }

    /// <summary>
    /// Calls StartAsync, which registers its handler before its first wait, and then the watcher of notices, so that
    /// <see cref="NoticeHandledAsync"/> tells when the client has handled one.
    /// </summary>
    public Task<PipelineClient> BeginStart(PipelineClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        var start = PipelineClient.StartAsync(Mqtt, Pipeline.Endpoint, options ?? Options(), cancellationToken);
        Mqtt.MessageReceivedAsync += e =>
        {
            if (e.Message.Topic == Pipeline.Endpoint.NoticeTopic)
            {
                _notices.Writer.TryWrite(e.Message);
            }

            return Task.CompletedTask;
        };
        return start;
    }

    /// <summary>Publishes a running notice (generation 1) and starts a client on it.</summary>
    public async Task<PipelineClient> RunningClientAsync(Action<PipelineClientOptions>? configure = null, string[]? inputs = null, string[]? outputs = null)
    {
        await Pipeline.PublishNoticeAsync(PipelineState.Running, 1, inputs, outputs);
        return await StartClientAsync(Options(configure));
    }

    /// <summary>Publishes a notice and returns once the client has handled it.</summary>
    public async Task NoticeAsync(PipelineState state, int generation, string reason = "")
    {
        await Pipeline.PublishNoticeAsync(state, generation, reason: reason);
        await NoticeHandledAsync();
    }

    /// <summary>Waits until the client has handled the next notice message.</summary>
    public async Task NoticeHandledAsync() => await _notices.Reader.ReadAsync().AsTask().WaitAsync(TestTimeouts.Safety);

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        await Pipeline.DisposeAsync();
        await Mqtt.DisposeAsync();
    }
}

/// <summary>Tensors for the tests.</summary>
public static class Tensors
{
    public static TensorFrame Floats(params float[] values) => new()
    {
        ElementType = TensorElementType.Float32,
        Shape = [values.Length],
        Data = MemoryMarshal.AsBytes(values.AsSpan()).ToArray(),
    };

    public static float[] ToFloats(TensorFrame frame) => MemoryMarshal.Cast<byte, float>(frame.Data.Span).ToArray();

    public static NamedTensor Named(string name, params float[] values) => new() { Name = name, Frame = Floats(values) };

    /// <summary>The id a request message carries.</summary>
    public static RequestId IdOf(MqttApplicationMessage request)
    {
        Assert.True(RequestId.TryRead(request.CorrelationData!.Value.Span, out var id), "the request carries no request id");
        return id;
    }

    /// <summary>The tensor frame a request message carries.</summary>
    public static TensorFrame FrameOf(MqttApplicationMessage request) => TensorMessages.Read(request);
}
