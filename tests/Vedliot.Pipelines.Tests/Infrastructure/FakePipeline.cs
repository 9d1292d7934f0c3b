using System.Threading.Channels;
using Vedliot.Messaging.Client;
using Vedliot.Messaging.Packets;
using Vedliot.Messaging.RequestResponse;
using Vedliot.Messaging.Tensors;
using Vedliot.Testing;

namespace Vedliot.Pipelines.Tests.Infrastructure;

/// <summary>
/// A pipeline as an app sees it, played by one MQTT client: publishes the retained notice, takes every request on
/// the input topic (a detached copy, in arrival order), and answers exactly as the test says, when it says.
/// </summary>
public sealed class FakePipeline : IAsyncDisposable
{
    private readonly MosquittoBroker _broker;
    private readonly Channel<MqttApplicationMessage> _requests = Channel.CreateUnbounded<MqttApplicationMessage>();
    private MqttClient _mqtt;

    private FakePipeline(MosquittoBroker broker, MqttClient mqtt, PipelineEndpoint endpoint)
    {
        _broker = broker;
        _mqtt = mqtt;
        Endpoint = endpoint;
    }

    public PipelineEndpoint Endpoint { get; }

    public static async Task<FakePipeline> StartAsync(MosquittoBroker broker, string? name = null)
    {
        name ??= "p" + Guid.NewGuid().ToString("N")[..10];
        var endpoint = new PipelineEndpoint(name, $"apps/{name}/in", $"apps/{name}/out", "vt" + name);
        var pipeline = new FakePipeline(broker, null!, endpoint);
        pipeline._mqtt = await pipeline.ConnectAsync();
        return pipeline;
    }

    /// <summary>A notice of this pipeline (one input "x" and one output "y" unless told otherwise).</summary>
    public PipelineNotice Notice(PipelineState state, int generation, string[]? inputs = null, string[]? outputs = null, string reason = "") =>
        new(Endpoint.Pipeline, generation, state, reason, Endpoint.InputTopic, Endpoint.OutputTopic, inputs ?? ["x"], outputs ?? ["y"], DateTimeOffset.UnixEpoch);

    public Task PublishNoticeAsync(PipelineState state, int generation, string[]? inputs = null, string[]? outputs = null, string reason = "") =>
        PublishAsync(PipelineNotices.Create(Endpoint.TopicRoot, Notice(state, generation, inputs, outputs, reason)));

    public Task PublishRawNoticeAsync(byte[] payload, string? contentType) => PublishAsync(new MqttApplicationMessage
    {
        Topic = Endpoint.NoticeTopic,
        Payload = payload,
        ContentType = contentType,
        QualityOfService = MqttQualityOfService.AtLeastOnce,
        Retain = true,
    });

    /// <summary>The next request that reached the input topic.</summary>
    public async Task<MqttApplicationMessage> NextRequestAsync() =>
        await _requests.Reader.ReadAsync().AsTask().WaitAsync(TestTimeouts.Safety);

    /// <summary>Whether a request is waiting to be taken (nothing arrived unasked if false after a barrier).</summary>
    public bool TryTakeRequest(out MqttApplicationMessage? request) => _requests.Reader.TryRead(out request);

    public Task AnswerAsync(MqttApplicationMessage request, TensorFrame frame) =>
        PublishAsync(Reply(request, TensorMessages.Create(request.ResponseTopic!, frame, MqttQualityOfService.AtLeastOnce)));

    public Task AnswerBundleAsync(MqttApplicationMessage request, TensorBundle bundle) =>
        PublishAsync(Reply(request, TensorMessages.CreateBundle(request.ResponseTopic!, bundle, MqttQualityOfService.AtLeastOnce)));

    public Task AnswerErrorAsync(MqttApplicationMessage request, string text) =>
        PublishAsync(new ErrorReply(text).ToMessage(request.ResponseTopic!, request.CorrelationData));

    /// <summary>Publishes anything to the request's response topic, with the correlation data given (not the request's).</summary>
    public Task AnswerRawAsync(MqttApplicationMessage request, byte[] payload, string? contentType, ReadOnlyMemory<byte>? correlationData) =>
        PublishAsync(new MqttApplicationMessage
        {
            Topic = request.ResponseTopic!,
            Payload = payload,
            ContentType = contentType,
            CorrelationData = correlationData,
            QualityOfService = MqttQualityOfService.AtLeastOnce,
        });

    /// <summary>Connects afresh (after a broker restart) and subscribes to the input topic again.</summary>
    public async Task ReconnectAsync()
    {
        await _mqtt.DisposeAsync();
        _mqtt = await ConnectAsync();
    }

    public async Task PublishAsync(MqttApplicationMessage message)
    {
        var result = await _mqtt.PublishAsync(message).WaitAsync(TestTimeouts.Safety);
        Assert.True(result.IsSuccess, $"the broker refused {message.Topic}: {result.ReasonCode}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_mqtt.IsConnected)
        {
            await PublishAsync(PipelineNotices.Clear(Endpoint.TopicRoot, Endpoint.Pipeline));
        }

        await _mqtt.DisposeAsync();
    }

    private static MqttApplicationMessage Reply(MqttApplicationMessage request, MqttApplicationMessage answer) => new()
    {
        Topic = answer.Topic,
        Payload = answer.Payload,
        ContentType = answer.ContentType,
        CorrelationData = request.CorrelationData,
        QualityOfService = MqttQualityOfService.AtLeastOnce,
    };

    private async Task<MqttClient> ConnectAsync()
    {
        var mqtt = new MqttClient(_broker.Options("fake-" + Endpoint.Pipeline + "-" + Guid.NewGuid().ToString("N")[..6]));
        mqtt.MessageReceivedAsync += e =>
        {
            _requests.Writer.TryWrite(MqttMessages.Detach(e.Message));
            return Task.CompletedTask;
        };
        await mqtt.ConnectAsync().WaitAsync(TestTimeouts.Safety);
        await mqtt.SubscribeAsync(Endpoint.InputTopic, MqttQualityOfService.AtLeastOnce).WaitAsync(TestTimeouts.Safety);
        return mqtt;
    }
}
