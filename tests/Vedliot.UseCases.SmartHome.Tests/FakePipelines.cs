using System.Runtime.InteropServices;
using Vedliot.Messaging.Client;
using Vedliot.Messaging.Packets;
using Vedliot.Messaging.RequestResponse;
using Vedliot.Messaging.Tensors;
using Vedliot.Pipelines;

namespace Vedliot.UseCases.SmartHome.Tests;

/// <summary>
/// Stands in for the three deployed pipelines: publishes each one's retained notice saying it runs, and answers
/// every request on its input topic with the model's result on the request's response topic, with the request's
/// correlation data, at QoS 1, as a pipeline's last stage does. To test the app's ordering it can answer each pair
/// of requests newest first and every request twice.
/// </summary>
public sealed class FakePipelines : IAsyncDisposable
{
    private readonly MqttClient _client;
    private readonly Dictionary<string, (PipelineEndpoint Endpoint, Func<float[], (float[] Values, long[] Shape)> Model)> _byInput;
    private readonly Dictionary<string, MqttApplicationMessage> _held = [];
    private readonly CancellationTokenSource _stop = new();

    /// <summary>Takes over <paramref name="client"/> (disposed with the fake); nothing happens until <see cref="StartAsync"/>.</summary>
    public FakePipelines(MqttClient client, WakeWordModels models, SmartHomeAppOptions pipelines)
    {
        _client = client;
        _byInput = new()
        {
            [pipelines.Melspectrogram.InputTopic] = (pipelines.Melspectrogram, models.Melspectrogram),
            [pipelines.Embedding.InputTopic] = (pipelines.Embedding, models.Embedding),
            [pipelines.WakeWord.InputTopic] = (pipelines.WakeWord, models.HeyJarvis),
        };
        _client.MessageReceivedAsync += OnRequestAsync;
    }

    /// <summary>The last request id per pipeline: with it set, requests are answered in swapped pairs (2, 1, 4, 3, …), the last one on its own.</summary>
    public IReadOnlyDictionary<string, ulong>? SwapPairsUpTo { get; set; }

    /// <summary>Answer every request twice, as a QoS 1 redelivery or a stage's repeated attempt would.</summary>
    public bool AnswerTwice { get; set; }

    /// <summary>Requests to answer with an error reply instead: (pipeline, request id) → message.</summary>
    public IReadOnlyDictionary<(string Pipeline, ulong RequestId), string> Errors { get; set; } = new Dictionary<(string, ulong), string>();

    /// <summary>Publishes the notices (generation 1, running) and, with <paramref name="answer"/>, starts answering.</summary>
    public async Task StartAsync(bool answer = true)
    {
        if (answer)
        {
            await _client.SubscribeAsync([.. _byInput.Keys.Select(t => new MqttTopicFilter { Filter = t, QualityOfService = MqttQualityOfService.AtLeastOnce })]);
        }

        foreach (var (endpoint, _) in _byInput.Values)
        {
            await PublishNoticeAsync(endpoint, PipelineState.Running);
        }
    }

    /// <summary>Publishes a notice of <paramref name="pipeline"/> in <paramref name="state"/>, with <paramref name="reason"/>.</summary>
    public Task PublishNoticeAsync(string pipeline, PipelineState state, string reason = "") =>
        PublishNoticeAsync(_byInput.Values.Single(p => p.Endpoint.Pipeline == pipeline).Endpoint, state, reason);

    /// <summary>Stops answering first (a handler waiting for a PUBACK would otherwise hold up the client's disposal), then clears the retained notices.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _client.MessageReceivedAsync -= OnRequestAsync;
        foreach (var (endpoint, _) in _byInput.Values)
        {
            await _client.PublishAsync(PipelineNotices.Clear(endpoint.TopicRoot, endpoint.Pipeline));
        }

        await _client.DisposeAsync();
        _stop.Dispose();
    }

    private async Task PublishNoticeAsync(PipelineEndpoint endpoint, PipelineState state, string reason = "") =>
        await _client.PublishAsync(PipelineNotices.Create(
            endpoint.TopicRoot,
            new PipelineNotice(endpoint.Pipeline, 1, state, reason, endpoint.InputTopic, endpoint.OutputTopic, ["input"], ["output"], DateTimeOffset.UtcNow)));

    /// <summary>Handlers run one at a time, in arrival order, so the held requests need no lock.</summary>
    private async Task OnRequestAsync(MqttMessageReceivedEventArgs args)
    {
        var request = Detach(args.Message);
        if (!_byInput.TryGetValue(request.Topic, out var pipeline) || _stop.IsCancellationRequested)
        {
            return;
        }

        var id = TensorMessages.Read(request).RequestId;
        if (SwapPairsUpTo is { } last && id != last[pipeline.Endpoint.Pipeline] && !_held.ContainsKey(request.Topic))
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
        var (endpoint, model) = _byInput[request.Topic];
        var input = TensorMessages.Read(request);
        var responseTopic = request.ResponseTopic ?? endpoint.OutputTopic;
        MqttApplicationMessage answer;
        if (Errors.TryGetValue((endpoint.Pipeline, input.RequestId), out var error))
        {
            answer = new ErrorReply(error).ToMessage(responseTopic, request.CorrelationData);
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
            var message = TensorMessages.Create(responseTopic, frame, MqttQualityOfService.AtLeastOnce);
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
        ResponseTopic = message.ResponseTopic,
        CorrelationData = message.CorrelationData?.ToArray(),
    };
}
