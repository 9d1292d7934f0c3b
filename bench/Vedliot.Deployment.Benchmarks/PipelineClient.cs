using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Vedliot.Messaging.Client;
using Vedliot.Messaging.Packets;
using Vedliot.Messaging.Tensors;
using Vedliot.Runtime.Deployment.Protocol;

namespace Vedliot.Deployment.Benchmarks;

/// <summary>
/// The app side of the pipeline: publishes one tensor frame per request (QoS 1, its own request id) on the
/// input topic and completes the request when the answer with that id arrives on the output topic.
/// </summary>
internal sealed class PipelineClient
{
    private readonly MqttClient _app;
    private readonly string _inputTopic;
    private readonly string _outputTopic;
    private readonly ConcurrentDictionary<ulong, (TaskCompletionSource<Answer> Answer, bool KeepData)> _pending = new();
    private long _unexpected;

    private PipelineClient(MqttClient app, string inputTopic, string outputTopic)
    {
        _app = app;
        _inputTopic = inputTopic;
        _outputTopic = outputTopic;
    }

    /// <summary>Answers that matched no request (duplicates, or answers after their request gave up).</summary>
    public long Unexpected => Interlocked.Read(ref _unexpected);

    public static async Task<PipelineClient> StartAsync(MqttClient app, string inputTopic, string outputTopic, CancellationToken cancellationToken)
    {
        var client = new PipelineClient(app, inputTopic, outputTopic);
        app.MessageReceivedAsync += client.OnMessageAsync;
        await app.SubscribeAsync(outputTopic, MqttQualityOfService.AtLeastOnce, cancellationToken);
        return client;
    }

    /// <summary>The message that carries request <paramref name="id"/>: built before timing starts, since encoding is the app's work.</summary>
    public MqttApplicationMessage Request(ulong id, IReadOnlyList<long> shape, ReadOnlyMemory<byte> data) =>
        TensorMessages.Create(_inputTopic, new TensorFrame { ElementType = TensorElementType.Float32, Shape = shape, RequestId = id, Data = data }, MqttQualityOfService.AtLeastOnce);

    /// <summary>Publishes a request built by <see cref="Request"/>; returns once the broker has it, with the task of its answer.</summary>
    /// <param name="id">The request id the request carries.</param>
    /// <param name="request">The request.</param>
    /// <param name="keepData">Copy the result's bytes into the answer (otherwise only its shape is kept: copying is app work the pipeline does not need).</param>
    /// <param name="cancellationToken">Cancels the publish.</param>
    public async Task<(long SentAt, Task<Answer> Answer)> SendAsync(ulong id, MqttApplicationMessage request, bool keepData, CancellationToken cancellationToken)
    {
        var answer = new TaskCompletionSource<Answer>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_pending.TryAdd(id, (answer, keepData)))
        {
            throw new InvalidOperationException($"request id {id} is already in flight");
        }

        var sentAt = Stopwatch.GetTimestamp();
        var result = await _app.PublishAsync(request, cancellationToken);
        if (!result.IsSuccess)
        {
            _pending.TryRemove(id, out _);
            throw new InvalidOperationException($"the broker refused request {id}: {result.ReasonCode} {result.ReasonString}");
        }

        return (sentAt, answer.Task);
    }

    private Task OnMessageAsync(MqttMessageReceivedEventArgs e)
    {
        var receivedAt = Stopwatch.GetTimestamp();
        var message = e.Message;
        if (message.Topic != _outputTopic)
        {
            return Task.CompletedTask;
        }

        if (message.ContentType == ProtocolContentTypes.Error)
        {
            // An error answer names no request id the app can read back; fail every waiting request loudly.
            var reason = Encoding.UTF8.GetString(message.Payload.Span);
            foreach (var id in _pending.Keys)
            {
                if (_pending.TryRemove(id, out var failed))
                {
                    failed.Answer.TrySetException(new InvalidOperationException($"the pipeline answered with an error: {reason}"));
                }
            }

            return Task.CompletedTask;
        }

        var frame = TensorMessages.Read(message);
        if (_pending.TryRemove(frame.RequestId, out var waiting))
        {
            // The payload is the client's buffer only during this handler: keep a copy if asked to.
            waiting.Answer.TrySetResult(new Answer(receivedAt, [.. frame.Shape], waiting.KeepData ? frame.Data.ToArray() : []));
        }
        else
        {
            Interlocked.Increment(ref _unexpected);
        }

        return Task.CompletedTask;
    }
}

/// <summary>An answer as the app received it.</summary>
/// <param name="ReceivedAt">Stopwatch timestamp when it arrived.</param>
/// <param name="Shape">The result tensor's shape.</param>
/// <param name="Data">Its bytes (little-endian float32), if kept.</param>
internal sealed record Answer(long ReceivedAt, long[] Shape, byte[] Data);
