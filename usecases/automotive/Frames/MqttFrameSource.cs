using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Vedliot.Messaging.Client;
using Vedliot.Messaging.Packets;
using Vedliot.UseCases.Automotive.Ocr;

namespace Vedliot.UseCases.Automotive.Frames;

/// <summary>
/// Camera frames arriving on an MQTT topic (<see cref="RawFrameMessage"/>): each is decoded as it arrives and
/// queued; when the reader falls behind, the oldest queued frame is dropped, since a camera's latest frame is the one
/// that matters. A message that is not a usable frame is queued as an error naming the topic, never a crash.
/// </summary>
public sealed class MqttFrameSource : IAsyncDisposable
{
    private readonly MqttClient _mqtt;
    private readonly string _topic;
    private readonly FrameLimits _limits;
    private readonly Channel<(RgbImage? Frame, FrameException? Error)> _frames;

    private MqttFrameSource(MqttClient mqtt, string topic, FrameLimits limits, int capacity)
    {
        (_mqtt, _topic, _limits) = (mqtt, topic, limits);
        _frames = Channel.CreateBounded<(RgbImage?, FrameException?)>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    }

    /// <summary>Subscribes to <paramref name="topic"/>.</summary>
    /// <param name="mqtt">A connected client; not owned.</param>
    /// <param name="topic">The camera's topic.</param>
    /// <param name="limits">Size limits; validated here.</param>
    /// <param name="capacity">Frames queued at most (1–1000).</param>
    /// <param name="cancellationToken">Cancels the subscription.</param>
    /// <exception cref="FrameException">The broker refused the subscription.</exception>
    public static async Task<MqttFrameSource> StartAsync(MqttClient mqtt, string topic, FrameLimits limits, int capacity = 4, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mqtt);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, 1000);
        limits.Validate();
        var source = new MqttFrameSource(mqtt, topic, limits, capacity);
        mqtt.MessageReceivedAsync += source.OnMessageAsync;
        var granted = await mqtt.SubscribeAsync(topic, MqttQualityOfService.AtMostOnce, cancellationToken).ConfigureAwait(false);
        if (granted.ReasonCodes.Any(c => (int)c >= 0x80))
        {
            mqtt.MessageReceivedAsync -= source.OnMessageAsync;
            throw new FrameException($"{topic}: the broker refused the subscription ({string.Join(", ", granted.ReasonCodes)})");
        }

        return source;
    }

    /// <summary>The frames as they come, until <paramref name="cancellationToken"/> or disposal ends the stream.</summary>
    /// <param name="cancellationToken">Ends the stream.</param>
    /// <returns>Each frame, or the error of a message that was not one.</returns>
    public async IAsyncEnumerable<(RgbImage? Frame, FrameException? Error)> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var item in _frames.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return item;
        }
    }

    /// <summary>Unsubscribes and ends the stream.</summary>
    /// <returns>A task that completes when done.</returns>
    public async ValueTask DisposeAsync()
    {
        _mqtt.MessageReceivedAsync -= OnMessageAsync;
        _frames.Writer.TryComplete();
        if (_mqtt.IsConnected)
        {
            await _mqtt.UnsubscribeAsync([_topic]).ConfigureAwait(false);
        }
    }

    private Task OnMessageAsync(MqttMessageReceivedEventArgs args)
    {
        if (args.Message.Topic == _topic)
        {
            try
            {
                _frames.Writer.TryWrite((RawFrameMessage.Read(args.Message, _limits), null));
            }
            catch (FrameException e)
            {
                _frames.Writer.TryWrite((null, e));
            }
        }

        return Task.CompletedTask;
    }
}
