using System.Runtime.InteropServices;
using System.Text;
using Vedliot.Messaging.Client;
using Vedliot.Messaging.Packets;
using Vedliot.Messaging.Tensors;

namespace Vedliot.UseCases.SmartHome.Tests;

/// <summary>
/// Stands in for the runtime's three pipeline gateways: answers every request on an input topic with the
/// model's result on the output topic, its request id and correlation data echoed, at QoS 1. To test the
/// app's reordering it can answer each pair of requests newest first and every request twice.
/// </summary>
public sealed class FakePipelineGateway : IAsyncDisposable
{
    public const string ErrorContentType = "application/vnd.vedliot.error+json";

    private readonly MqttClient _client;
    private readonly Dictionary<string, (string Output, Func<float[], (float[] Values, long[] Shape)> Model)> _routes;
    private readonly Dictionary<string, MqttApplicationMessage> _held = [];
    private readonly CancellationTokenSource _stop = new();

    /// <summary>Takes over <paramref name="client"/> (disposed with the gateway); nothing happens until <see cref="StartAsync"/>.</summary>
    public FakePipelineGateway(MqttClient client, WakeWordModels models, SmartHomeAppOptions topics)
    {
        _client = client;
        _routes = new()
        {
            [topics.AudioTopic] = (topics.MelTopic, models.Melspectrogram),
            [topics.MelWindowsTopic] = (topics.EmbeddingTopic, models.Embedding),
            [topics.EmbeddingWindowsTopic] = (topics.WakeWordTopic, models.HeyJarvis),
        };
        _client.MessageReceivedAsync += OnRequestAsync;
    }

    /// <summary>The last request id per input topic: with it set, requests are answered in swapped pairs (2, 1, 4, 3, …), the last one on its own.</summary>
    public IReadOnlyDictionary<string, ulong>? SwapPairsUpTo { get; set; }

    /// <summary>Answer every request twice, as a QoS 1 redelivery would.</summary>
    public bool AnswerTwice { get; set; }

    /// <summary>Requests to answer with an error instead: (input topic, request id) → message.</summary>
    public IReadOnlyDictionary<(string Topic, ulong RequestId), string> Errors { get; set; } = new Dictionary<(string, ulong), string>();

    public async Task StartAsync() =>
        await _client.SubscribeAsync([.. _routes.Keys.Select(t => new MqttTopicFilter { Filter = t, QualityOfService = MqttQualityOfService.AtLeastOnce })]);

    /// <summary>Stops answering first: a handler waiting for a PUBACK would otherwise hold up the client's disposal.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _client.MessageReceivedAsync -= OnRequestAsync;
        await _client.DisposeAsync();
        _stop.Dispose();
    }

    /// <summary>Handlers run one at a time, in arrival order, so the held requests need no lock.</summary>
    private async Task OnRequestAsync(MqttMessageReceivedEventArgs args)
    {
        var request = Detach(args.Message);
        if (!_routes.ContainsKey(request.Topic) || _stop.IsCancellationRequested)
        {
            return;
        }

        var id = TensorMessages.Read(request).RequestId;
        if (SwapPairsUpTo is { } last && id != last[request.Topic] && !_held.ContainsKey(request.Topic))
        {
            _held[request.Topic] = request;
            return;
        }

        await AnswerAsync(request);
        if (_held.Remove(request.Topic, out var older))
        {
            await AnswerAsync(older);
        }
    }

    private async Task AnswerAsync(MqttApplicationMessage request)
    {
        var (output, model) = _routes[request.Topic];
        var input = TensorMessages.Read(request);
        MqttApplicationMessage answer;
        if (Errors.TryGetValue((request.Topic, input.RequestId), out var error))
        {
            answer = new MqttApplicationMessage
            {
                Topic = output,
                Payload = Encoding.UTF8.GetBytes($$"""{"message":"{{error}}"}"""),
                ContentType = ErrorContentType,
                PayloadFormat = MqttPayloadFormat.Utf8,
                QualityOfService = MqttQualityOfService.AtLeastOnce,
                CorrelationData = request.CorrelationData,
            };
        }
        else
        {
            var (values, shape) = model(TensorFrameCodec.GetElements<float>(input).ToArray());
            var frame = new TensorFrame
            {
                ElementType = TensorElementType.Float32,
                Shape = shape,
                RequestId = input.RequestId,
                PipelineId = input.PipelineId,
                Data = MemoryMarshal.AsBytes(values.AsSpan()).ToArray(),
            };
            var message = TensorMessages.Create(output, frame, MqttQualityOfService.AtLeastOnce);
            answer = new MqttApplicationMessage
            {
                Topic = message.Topic,
                Payload = message.Payload,
                ContentType = message.ContentType,
                QualityOfService = message.QualityOfService,
                CorrelationData = request.CorrelationData,
            };
        }

        for (var copies = AnswerTwice ? 2 : 1; copies > 0; copies--)
        {
            try
            {
                await _client.PublishAsync(answer, _stop.Token);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>A copy that outlives the receive handler.</summary>
    private static MqttApplicationMessage Detach(MqttApplicationMessage message) => new()
    {
        Topic = message.Topic,
        Payload = message.Payload.ToArray(),
        ContentType = message.ContentType,
        QualityOfService = message.QualityOfService,
        CorrelationData = message.CorrelationData?.ToArray(),
    };
}
