using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using Vedliot.Messaging.Packets;
using Vedliot.Messaging.Tensors;
using Vedliot.Runtime.Deployment.Protocol;
using Vedliot.Runtime.Execution;

namespace Vedliot.Hosting.Node.Stages;

/// <summary>
/// One loaded stage: takes the messages of its input topic in arrival order into a bounded queue and runs them,
/// one at a time, on its accelerator session. A middle stage forwards each result bundle (same pipeline and request
/// id, stage index one higher) to the next stage's input topic, keeping the request's response topic and correlation
/// data; the last stage answers the app on the request's response topic (or the pipeline's answer topic). A request
/// that fails is answered at once with an error reply along the same route, never passed down the chain; a
/// redelivered request (same correlation data) is dropped. Results travel through a <see cref="PublishWindow"/>, so
/// the stage runs the next request while earlier results wait for their acknowledgement.
/// </summary>
internal sealed class StageRunner : IAsyncDisposable
{
    private readonly PartitionRunner _partition;
    private readonly ILogger _logger;
    private readonly DeploymentTopics _topics;
    private readonly Channel<MqttApplicationMessage> _queue;
    private readonly CorrelationWindow _seen;
    private readonly RunWindow _runs;
    private readonly PublishWindow _window;
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _abort = new();
    private Task _worker = Task.CompletedTask;
    private long _completed;
    private long _duplicates;
    private long _failed;
    private int _disposed;

    /// <summary>Creates the stage; call <see cref="Start"/> before messages arrive.</summary>
    /// <param name="assignment">What the orchestrator assigned.</param>
    /// <param name="loaded">The answer given to the assignment.</param>
    /// <param name="session">The loaded partition; owned from now on.</param>
    /// <param name="latencySource">How run times are obtained on this module, reported before the first run.</param>
    /// <param name="publisher">Publishes results and error replies.</param>
    /// <param name="options">Queue, duplicate, publish and metrics window sizes; the topic root.</param>
    /// <param name="logger">Logger.</param>
    public StageRunner(StageAssignment assignment, StageLoaded loaded, IAcceleratorSession session, FigureSource latencySource, BrokerPublisher publisher, NodeAgentOptions options, ILogger logger)
    {
        Assignment = assignment;
        Loaded = loaded;
        _logger = logger;
        _topics = new DeploymentTopics(options.TopicRoot);
        _queue = Channel.CreateBounded<MqttApplicationMessage>(new BoundedChannelOptions(options.StageQueueCapacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _seen = new CorrelationWindow(options.DuplicateWindow, options.DuplicateWindowBytes);
        _runs = new RunWindow(options.MetricsWindow, latencySource);
        _window = new PublishWindow(publisher, options.StagePublishWindow, Delivered, Undelivered);
        _partition = new PartitionRunner(session, _runs);
    }

    /// <summary>The assignment this stage runs.</summary>
    public StageAssignment Assignment { get; }

    /// <summary>The answer given to the assignment (sent again when the same stage is assigned again).</summary>
    public StageLoaded Loaded { get; }

    /// <summary>The stage key.</summary>
    public string Key => Assignment.Key;

    /// <summary>Starts the worker.</summary>
    public void Start()
    {
        _window.Start(_abort.Token);
        _worker = Task.Run(() => WorkAsync(_abort.Token));
    }

    /// <summary>
    /// Queues a message from the input topic (a detached copy: it outlives the receive handler). Waits while the
    /// queue is full; returns at once, dropping the message, once the stage is stopping.
    /// </summary>
    /// <param name="message">The message.</param>
    /// <returns>A task that completes when the message is queued or dropped.</returns>
    public async ValueTask EnqueueAsync(MqttApplicationMessage message)
    {
        try
        {
            await _queue.Writer.WriteAsync(message, _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            // Released: the request is dropped with the queue.
        }
    }

    /// <summary>The stage's counters and recent figures.</summary>
    /// <returns>The metrics.</returns>
    public StageMetrics Metrics()
    {
        var figures = _runs.Figures();
        return new StageMetrics(
            Key,
            Interlocked.Read(ref _completed),
            Interlocked.Read(ref _duplicates),
            Interlocked.Read(ref _failed),
            _queue.Reader.Count,
            figures.LatencyP50Ms,
            figures.LatencyP95Ms,
            figures.LatencySource,
            figures.EnergyPerRunJoules,
            figures.EnergySource,
            figures.EnergyMeter);
    }

    /// <summary>
    /// Stops the stage: the request being run is finished and every result or error already made is published and
    /// acknowledged; the queue is dropped.
    /// </summary>
    /// <param name="cancellationToken">When it fires, a publish still waiting for the broker is abandoned.</param>
    /// <returns>How many queued requests were dropped.</returns>
    public async Task<int> StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _queue.Writer.TryComplete();
        using (cancellationToken.Register(() => _abort.Cancel()))
        {
            await _worker.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await _window.DrainAsync().ConfigureAwait(false);
        }

        var dropped = 0;
        while (_queue.Reader.TryRead(out _))
        {
            dropped++;
        }

        return dropped;
    }

    /// <summary>Stops the stage (abandoning any wait for the broker) and releases its session.</summary>
    /// <returns>A task that completes when released.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _abort.CancelAsync().ConfigureAwait(false);
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _partition.Dispose();
        _window.Dispose();
        _stopping.Dispose();
        _abort.Dispose();
    }

    private async Task WorkAsync(CancellationToken abort)
    {
        try
        {
            while (await _queue.Reader.WaitToReadAsync(abort).ConfigureAwait(false))
            {
                if (_stopping.IsCancellationRequested || !_queue.Reader.TryRead(out var message))
                {
                    break;
                }

                if (Process(message) is { } outgoing)
                {
                    await _window.SendAsync(outgoing, abort).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            // Abandoned while waiting for the broker.
        }
    }

    /// <summary>Runs one message; returns what to publish, or null for a redelivery.</summary>
    private StageOutgoing? Process(MqttApplicationMessage message)
    {
        // Only requests that carry correlation data can be recognised again: plain apps may reuse request ids (and
        // empty correlation data, which MQTT allows, tells no request from another).
        if (message.CorrelationData is { Length: > 0 } correlation && !_seen.TryAdd(correlation.Span))
        {
            Interlocked.Increment(ref _duplicates);
            NodeAgentLog.DuplicateDropped(_logger, Key, correlation.Length);

            return null;
        }

        var route = ReplyRoute.Of(message, Assignment.AnswerTopic, _topics);
        if (route.IsRefused)
        {
            return Fail(message, route, $"response topic '{route.RefusedTopic}' refused ({route.RefusedBecause}); this reply goes to the pipeline's answer topic '{route.Topic}' instead");
        }

        TensorBundle bundle;
        try
        {
            bundle = TensorMessages.ReadBundle(message, _partition.LoneTensorName);
        }
        catch (TensorFrameException e)
        {
            return Fail(message, route, $"{message.Topic}: not a request: {e.Message}");
        }

        try
        {
            var result = _partition.Run(bundle, output => Assignment.OutputTopic is { } next
                ? StageOutputs.Forward(next, output, message)
                : StageOutputs.Answer(route, output));
            return new StageOutgoing(result, route, IsResult: true);
        }
        catch (Exception e) when (e is Vedliot.Runtime.VedliotException or TensorFrameException or OnnxRuntimeException or ArgumentException)
        {
            return Fail(message, route, e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug, not a bad request; the request is still answered, so the app is not left waiting.
            NodeAgentLog.RequestFailedUnexpectedly(_logger, Key, Describe(message), e);
            Interlocked.Increment(ref _failed);
            return new StageOutgoing(route.Error($"stage '{Key}': {e.GetType().Name}: {e.Message}"), route, IsResult: false);
        }
    }

    private StageOutgoing Fail(MqttApplicationMessage request, ReplyRoute route, string reason)
    {
        Interlocked.Increment(ref _failed);
        NodeAgentLog.RequestFailed(_logger, Key, Describe(request), reason);
        return new StageOutgoing(route.Error($"stage '{Key}': {reason}"), route, IsResult: false);
    }

    /// <summary>Settling loop: the broker took a message.</summary>
    private void Delivered(StageOutgoing outgoing)
    {
        if (outgoing.IsResult)
        {
            Interlocked.Increment(ref _completed);
        }
    }

    /// <summary>Settling loop: a message could not be published; a result is reported to the app instead.</summary>
    private StageOutgoing? Undelivered(StageOutgoing outgoing, string reason)
    {
        NodeAgentLog.PublishFailed(_logger, outgoing.Message.Topic, reason);
        if (!outgoing.IsResult)
        {
            return null;
        }

        Interlocked.Increment(ref _failed);
        var route = outgoing.Route;
        return new StageOutgoing(route.Error($"stage '{Key}': its result could not be published to '{outgoing.Message.Topic}': {reason}"), route, IsResult: false);
    }

    /// <summary>How the log names a request: its correlation data (hex, at most 32 bytes shown), or that it has none.</summary>
    private static string Describe(MqttApplicationMessage request) => request.CorrelationData is { } data
        ? "correlation " + Convert.ToHexStringLower(data.Span[..Math.Min(data.Length, 32)]) + (data.Length > 32 ? "…" : string.Empty)
        : "(no correlation data)";
}
