using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using Vedliot.Accelerators.Tensors;
using Vedliot.Messaging.Packets;
using Vedliot.Messaging.Tensors;
using Vedliot.Runtime.Deployment.Protocol;
using Vedliot.Runtime.Execution;

namespace Vedliot.Hosting.Node.Stages;

/// <summary>
/// One loaded stage: takes the messages of its input topic in arrival order into a bounded queue and runs them,
/// one at a time, on its accelerator session; publishes each result bundle (same pipeline and request id, stage
/// index one higher) on its output topic at QoS 1 and waits for the broker's acknowledgement before the next
/// request, which is the pipeline's back-pressure. A request that fails is answered with an error message on the
/// output topic; an error message from upstream is passed on unchanged; a request id seen before is dropped.
/// </summary>
internal sealed class StageRunner : IAsyncDisposable
{
    private readonly IAcceleratorSession _session;
    private readonly BrokerPublisher _publisher;
    private readonly ILogger _logger;
    private readonly Channel<MqttApplicationMessage> _queue;
    private readonly RequestIdWindow _seen;
    private readonly RunWindow _runs;
    private readonly string _loneTensorName;
    private readonly HashSet<string> _inputNames;
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
    /// <param name="publisher">Publishes results.</param>
    /// <param name="options">Queue, duplicate and metrics window sizes.</param>
    /// <param name="logger">Logger.</param>
    public StageRunner(StageAssignment assignment, StageLoaded loaded, IAcceleratorSession session, FigureSource latencySource, BrokerPublisher publisher, NodeAgentOptions options, ILogger logger)
    {
        Assignment = assignment;
        Loaded = loaded;
        _session = session;
        _publisher = publisher;
        _logger = logger;
        _queue = Channel.CreateBounded<MqttApplicationMessage>(new BoundedChannelOptions(options.StageQueueCapacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _seen = new RequestIdWindow(options.DuplicateWindow);
        _runs = new RunWindow(options.MetricsWindow, latencySource);
        _inputNames = session.Partition.Inputs.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        _loneTensorName = session.Partition.Inputs.Count > 0 ? session.Partition.Inputs[0].Name : "input";
    }

    /// <summary>The assignment this stage runs.</summary>
    public StageAssignment Assignment { get; }

    /// <summary>The answer given to the assignment (sent again when the same stage is assigned again).</summary>
    public StageLoaded Loaded { get; }

    /// <summary>The stage key.</summary>
    public string Key => Assignment.Key;

    /// <summary>Starts the worker.</summary>
    public void Start() => _worker = Task.Run(() => WorkAsync(_abort.Token));

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
    /// Stops the stage: the request being run is finished (its result or error published), the queue is dropped.
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
        _session.Dispose();
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

                var outgoing = Process(message);
                if (outgoing is not null)
                {
                    await PublishAsync(outgoing, abort).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            // Abandoned while waiting for the broker.
        }
    }

    /// <summary>Runs one message; returns what to publish, or null for a duplicate.</summary>
    private MqttApplicationMessage? Process(MqttApplicationMessage message)
    {
        if (message.ContentType == ProtocolContentTypes.Error)
        {
            var failedId = StageErrors.RequestIdOf(message);
            if (failedId is { } known && !_seen.TryAdd(known))
            {
                Duplicate(known);
                return null;
            }

            NodeAgentLog.ErrorForwarded(_logger, Key, failedId);
            return StageErrors.Forward((Assignment.OutputTopic ?? Assignment.AnswerTopic), message);
        }

        TensorBundle bundle;
        try
        {
            bundle = TensorMessages.ReadBundle(message, _loneTensorName);
        }
        catch (TensorFrameException e)
        {
            return Fail(StageErrors.ClaimedRequestId(message.Payload.Span), $"{message.Topic}: {e.Message}");
        }

        if (!_seen.TryAdd(bundle.RequestId))
        {
            Duplicate(bundle.RequestId);
            return null;
        }

        try
        {
            var result = Run(bundle);
            Interlocked.Increment(ref _completed);
            return result;
        }
        catch (Exception e) when (e is Vedliot.Runtime.VedliotException or TensorFrameException or OnnxRuntimeException or ArgumentException)
        {
            return Fail(bundle.RequestId, e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug, not a bad request; the request is still answered, so the gateway is not left waiting.
            NodeAgentLog.RequestFailedUnexpectedly(_logger, Key, Describe(bundle.RequestId), e);
            Interlocked.Increment(ref _failed);
            return StageErrors.Create((Assignment.OutputTopic ?? Assignment.AnswerTopic), bundle.RequestId, $"stage '{Key}': {e.GetType().Name}: {e.Message}");
        }
    }

    private MqttApplicationMessage Run(TensorBundle bundle)
    {
        // Inputs are read in place from the detached message's payload (pinned until the run ends); outputs are
        // encoded straight from ONNX Runtime's memory into the outgoing payload, before the run's values are released.
        var inputs = new Dictionary<string, OrtValue>(StringComparer.Ordinal);
        var borrowed = new List<BorrowedOrtValue>(_session.Partition.Inputs.Count);
        try
        {
            foreach (var input in _session.Partition.Inputs)
            {
                var tensor = bundle.Tensors.FirstOrDefault(t => t.Name == input.Name)
                    ?? throw new StageRequestException($"missing input '{input.Name}': the message carries [{string.Join(", ", bundle.Tensors.Select(t => t.Name))}]");
                var value = TensorFrameConversion.BorrowOrtValue(tensor.Frame, input.Name);
                borrowed.Add(value);
                inputs[input.Name] = value.Value;
            }

            using var run = _session.Run(inputs);
            _runs.Add(run);
            var stageIndex = bundle.StageIndex + 1;
            var outputs = run.Outputs
                .Select(o => new NamedTensor { Name = o.Key, Frame = TensorFrameConversion.ViewAsFrame(o.Value, o.Key, bundle.PipelineId, bundle.RequestId, stageIndex) })
                .ToList();

            // Tensors this partition does not read travel on: a later stage reads them (a connection that skips this stage).
            var produced = outputs.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
            outputs.AddRange(bundle.Tensors
                .Where(t => !_inputNames.Contains(t.Name) && !produced.Contains(t.Name))
                .Select(t => new NamedTensor { Name = t.Name, Frame = Restamp(t.Frame, stageIndex) }));
            return TensorMessages.CreateBundle(
                (Assignment.OutputTopic ?? Assignment.AnswerTopic),
                new TensorBundle { PipelineId = bundle.PipelineId, RequestId = bundle.RequestId, StageIndex = stageIndex, Tensors = outputs },
                MqttQualityOfService.AtLeastOnce);
        }
        finally
        {
            foreach (var value in borrowed)
            {
                value.Dispose();
            }
        }
    }

    private MqttApplicationMessage Fail(ulong? requestId, string reason)
    {
        Interlocked.Increment(ref _failed);
        NodeAgentLog.RequestFailed(_logger, Key, Describe(requestId), reason);
        return StageErrors.Create((Assignment.OutputTopic ?? Assignment.AnswerTopic), requestId, $"stage '{Key}': {reason}");
    }

    private void Duplicate(ulong requestId)
    {
        Interlocked.Increment(ref _duplicates);
        NodeAgentLog.DuplicateDropped(_logger, Key, requestId);
    }

    private async Task PublishAsync(MqttApplicationMessage message, CancellationToken abort)
    {
        var result = await _publisher.PublishAsync(message, abort).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            NodeAgentLog.PublishRefused(_logger, message.Topic, result.ReasonCode, result.ReasonString);
        }
    }

    private static TensorFrame Restamp(TensorFrame frame, uint stageIndex) => new()
    {
        ElementType = frame.ElementType,
        Shape = frame.Shape,
        PipelineId = frame.PipelineId,
        RequestId = frame.RequestId,
        StageIndex = stageIndex,
        Data = frame.Data,
    };

    private static string Describe(ulong? requestId) => requestId?.ToString(CultureInfo.InvariantCulture) ?? "(unknown id)";
}
