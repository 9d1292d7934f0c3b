using Vedliot.Messaging.Client;
using Vedliot.Messaging.Packets;
using Vedliot.UseCases.Automotive.Ocr;
using Vedliot.UseCases.Automotive.Vss;

namespace Vedliot.UseCases.Automotive;

/// <summary>
/// The automotive app: reads each camera frame with an <see cref="OcrReader"/> (on the deployed pipelines or in
/// process), publishes every line as VSS datapoints (<c>Text</c>, <c>Confidence</c>, <c>Box</c>) and every speed limit
/// as <c>SpeedLimit</c> (retained: the last limit holds until the next sign), follows <c>Vehicle.Speed</c> from its
/// topic, and publishes <c>IsWarning</c> whenever the speed goes above or back within the last limit read.
/// </summary>
public sealed class AutomotiveApp : IAsyncDisposable
{
    private readonly MqttClient _mqtt;
    private readonly OcrReader _reader;
    private readonly VssTopics _topics;
    private readonly TimeProvider _time;
    private readonly OverSpeedMonitor _monitor = new();
    private readonly string _speedTopic;
    private int _disposed;

    private AutomotiveApp(MqttClient mqtt, OcrReader reader, VssTopics topics, TimeProvider time)
    {
        (_mqtt, _reader, _topics, _time) = (mqtt, reader, topics, time);
        _speedTopic = topics.Topic(VssSignals.Speed);
    }

    /// <summary>The over-speed state changed (raised after its datapoint is published).</summary>
    public event Action<OverSpeedWarning>? OverSpeedChanged;

    /// <summary>A <c>Vehicle.Speed</c> message was refused; the text names the topic and why.</summary>
    public event Action<string>? InputRejected;

    /// <summary>The over-speed comparison as it stands.</summary>
    public OverSpeedMonitor Monitor => _monitor;

    /// <summary>Subscribes to <c>Vehicle.Speed</c> and returns the app.</summary>
    /// <param name="mqtt">A connected client; not owned.</param>
    /// <param name="reader">The OCR reader; not owned.</param>
    /// <param name="topics">Where the VSS signals live.</param>
    /// <param name="time">The clock of the datapoints' timestamps.</param>
    /// <param name="cancellationToken">Cancels the subscription.</param>
    /// <exception cref="InvalidOperationException">The broker refused the subscription.</exception>
    public static async Task<AutomotiveApp> StartAsync(MqttClient mqtt, OcrReader reader, VssTopics topics, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mqtt);
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(topics);
        ArgumentNullException.ThrowIfNull(time);
        var app = new AutomotiveApp(mqtt, reader, topics, time);
        mqtt.MessageReceivedAsync += app.OnMessageAsync;
        var granted = await mqtt.SubscribeAsync(app._speedTopic, MqttQualityOfService.AtLeastOnce, cancellationToken).ConfigureAwait(false);
        if (granted.ReasonCodes.Any(c => (int)c >= 0x80))
        {
            mqtt.MessageReceivedAsync -= app.OnMessageAsync;
            throw new InvalidOperationException($"the broker refused the subscription to {app._speedTopic} ({string.Join(", ", granted.ReasonCodes)})");
        }

        return app;
    }

    /// <summary>Reads one frame and publishes what it says.</summary>
    /// <param name="source">The frame's name, for the result.</param>
    /// <param name="frame">The frame.</param>
    /// <param name="cancellationToken">Stops reading and publishing.</param>
    /// <returns>The readings and the speed limit among them.</returns>
    /// <exception cref="OcrModelException">A model failed or answered an unusable tensor.</exception>
    public async Task<FrameResult> ReadFrameAsync(string source, RgbImage frame, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ArgumentNullException.ThrowIfNull(frame);
        var readings = await _reader.ReadAsync(frame, cancellationToken).ConfigureAwait(false);
        int? limit = null;
        foreach (var reading in readings)
        {
            var now = _time.GetUtcNow();
            await PublishAsync(VssDatapoint.Of(VssSignals.Text, reading.Text, now), retain: false, cancellationToken).ConfigureAwait(false);
            await PublishAsync(VssDatapoint.Of(VssSignals.Confidence, Math.Round(reading.Confidence * 100, 2), now), retain: false, cancellationToken).ConfigureAwait(false);
            int[] corners = [.. reading.Box.Corners.SelectMany(p => new[] { (int)p.X, (int)p.Y })];
            await PublishAsync(VssDatapoint.Of(VssSignals.Box, corners, now), retain: false, cancellationToken).ConfigureAwait(false);
            if (limit is null && SpeedLimitSign.TryRead(reading.Text, out var kmh))
            {
                limit = kmh;
                await PublishAsync(VssDatapoint.Of(VssSignals.SpeedLimit, kmh, now), retain: true, cancellationToken).ConfigureAwait(false);
                await ReportAsync(_monitor.OnLimit(kmh), cancellationToken).ConfigureAwait(false);
            }
        }

        return new FrameResult(source, frame.Width, frame.Height, readings, limit);
    }

    /// <summary>Stops following <c>Vehicle.Speed</c>.</summary>
    /// <returns>A task that completes when done.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _mqtt.MessageReceivedAsync -= OnMessageAsync;
        if (_mqtt.IsConnected)
        {
            await _mqtt.UnsubscribeAsync([_speedTopic]).ConfigureAwait(false);
        }
    }

    private async Task OnMessageAsync(MqttMessageReceivedEventArgs args)
    {
        if (args.Message.Topic != _speedTopic)
        {
            return;
        }

        double speed;
        try
        {
            var datapoint = VssDatapoint.Parse(_speedTopic, args.Message.Payload.Span);
            if (datapoint.Path != VssSignals.Speed)
            {
                throw new FormatException($"{_speedTopic}: a datapoint of '{datapoint.Path}', not {VssSignals.Speed}");
            }

            speed = datapoint.NumberValue();
        }
        catch (FormatException e)
        {
            InputRejected?.Invoke(e.Message);
            return;
        }

        await ReportAsync(_monitor.OnSpeed(speed), CancellationToken.None).ConfigureAwait(false);
    }

    private async Task ReportAsync(OverSpeedState? changed, CancellationToken cancellationToken)
    {
        if (changed is not { } state || state == OverSpeedState.Unknown)
        {
            return;
        }

        var now = _time.GetUtcNow();
        await PublishAsync(VssDatapoint.Of(VssSignals.IsWarning, state == OverSpeedState.OverSpeed, now), retain: true, cancellationToken).ConfigureAwait(false);
        OverSpeedChanged?.Invoke(new OverSpeedWarning(state, _monitor.LimitKmh, _monitor.SpeedKmh, now));
    }

    /// <exception cref="InvalidOperationException">The broker refused the datapoint (the message names its topic).</exception>
    private async Task PublishAsync(VssDatapoint datapoint, bool retain, CancellationToken cancellationToken)
    {
        var topic = _topics.Topic(datapoint.Path);
        var result = await _mqtt.PublishAsync(
            new MqttApplicationMessage
            {
                Topic = topic,
                Payload = datapoint.ToJson(),
                ContentType = "application/json",
                QualityOfService = MqttQualityOfService.AtLeastOnce,
                Retain = retain,
            },
            cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException($"the broker refused {datapoint.Path} on {topic}: {result.ReasonCode} {result.ReasonString}");
        }
    }
}
