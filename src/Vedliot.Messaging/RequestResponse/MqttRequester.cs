using System.Collections.Concurrent;
using System.Security.Cryptography;
using Vedliot.Messaging.Client;
using Vedliot.Messaging.Packets;

namespace Vedliot.Messaging.RequestResponse;

/// <summary>
/// MQTT 5.0 request/response (§4.10): publishes a request carrying a response topic and fresh
/// correlation data, and completes when the reply with the same correlation data arrives on that
/// topic. One requester serves one response topic; the caller subscribes to it (see <see cref="SubscribeAsync"/>).
/// </summary>
/// <remarks>
/// Replies are matched inside the client's receive handler, which must not block; requests must
/// therefore not be awaited from within another <see cref="MqttClient.MessageReceivedAsync"/> handler
/// of the same client, or the reply can never be dispatched.
/// </remarks>
public sealed class MqttRequester : IDisposable
{
    private readonly MqttClient _client;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<MqttApplicationMessage>> _pending = new(StringComparer.Ordinal);

    /// <summary>Creates a requester whose replies arrive on <paramref name="responseTopic"/>.</summary>
    /// <param name="client">The client that publishes requests and receives replies; not owned.</param>
    /// <param name="responseTopic">The topic replies are sent to (no wildcards).</param>
    /// <param name="timeProvider">Clock for reply timeouts.</param>
    public MqttRequester(MqttClient client, string responseTopic, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (MqttTopic.ValidateTopicName(responseTopic) is { } problem)
        {
            throw new ArgumentException("Response topic: " + problem, nameof(responseTopic));
        }

        _client = client;
        _timeProvider = timeProvider;
        ResponseTopic = responseTopic;
        _client.MessageReceivedAsync += OnMessageAsync;
    }

    /// <summary>The topic replies arrive on.</summary>
    public string ResponseTopic { get; }

    /// <summary>Subscribes the client to <see cref="ResponseTopic"/> at QoS 1.</summary>
    public Task SubscribeAsync(CancellationToken cancellationToken = default) =>
        _client.SubscribeAsync(ResponseTopic, MqttQualityOfService.AtLeastOnce, cancellationToken);

    /// <summary>
    /// Publishes <paramref name="request"/> with this requester's response topic and new correlation
    /// data, and waits for the reply.
    /// </summary>
    /// <returns>The reply; its payload is a copy the caller owns.</returns>
    /// <exception cref="TimeoutException">No reply arrived within <paramref name="timeout"/>.</exception>
    /// <exception cref="MqttRequestException">The broker refused the request's publication.</exception>
    public async Task<MqttApplicationMessage> RequestAsync(MqttApplicationMessage request, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var correlation = RandomNumberGenerator.GetBytes(16);
        var key = Convert.ToHexString(correlation);
        var reply = new TaskCompletionSource<MqttApplicationMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[key] = reply;
        try
        {
            var result = await _client.PublishAsync(MqttMessages.With(request, ResponseTopic, correlation), cancellationToken).ConfigureAwait(false);
            if (!result.IsSuccess)
            {
                throw new MqttRequestException($"request on '{request.Topic}' was refused by the broker: {result.ReasonCode} {result.ReasonString}".TrimEnd());
            }

            try
            {
                return await reply.Task.WaitAsync(timeout, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"no reply on '{ResponseTopic}' to the request on '{request.Topic}' within {timeout.TotalSeconds:0.###} s");
            }
        }
        finally
        {
            _pending.TryRemove(key, out _);
        }
    }

    /// <summary>Stops matching replies; pending requests fail with <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        _client.MessageReceivedAsync -= OnMessageAsync;
        foreach (var pending in _pending.Values)
        {
            pending.TrySetException(new ObjectDisposedException(nameof(MqttRequester)));
        }
    }

    private Task OnMessageAsync(MqttMessageReceivedEventArgs args)
    {
        var message = args.Message;
        if (message.Topic == ResponseTopic
            && message.CorrelationData is { } correlation
            && _pending.TryGetValue(Convert.ToHexString(correlation.Span), out var reply))
        {
            // The received payload lives in a pooled buffer only for the handler's duration.
            reply.TrySetResult(MqttMessages.Detach(message));
        }

        return Task.CompletedTask;
    }
}
