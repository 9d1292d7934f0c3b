using System.Globalization;
using Vedliot.Messaging.Client;
using Vedliot.Messaging.Packets;
using Vedliot.Messaging.RequestResponse;
using Vedliot.Messaging.Tensors;

namespace Vedliot.Pipelines;

/// <summary>The flow of a <see cref="PipelineClient"/>: subscriptions, sendings, answers, notices and resends.</summary>
public sealed partial class PipelineClient
{
    /// <summary>The answers' topic and the notice's (one topic when an app takes its answers on the notice topic).</summary>
    private string[] SubscribedTopics => [.. new[] { _responseTopic, Endpoint.NoticeTopic }.Distinct(StringComparer.Ordinal)];

    private async Task ListenAsync(CancellationToken cancellationToken)
    {
        _mqtt.MessageReceivedAsync += OnMessageAsync;
        _mqtt.ConnectedAsync += OnConnectedAsync;
        var filters = SubscribedTopics
            .Select(f => new MqttTopicFilter { Filter = f, QualityOfService = MqttQualityOfService.AtLeastOnce }).ToList();
        var subAck = await _mqtt.SubscribeAsync(filters, cancellationToken: cancellationToken).ConfigureAwait(false);
        var refused = filters.Zip(subAck.ReasonCodes).Where(p => (byte)p.Second >= 0x80).ToList();
        if (refused.Count > 0)
        {
            throw new PipelineRequestException($"pipeline '{Endpoint.Pipeline}': the broker refused the subscriptions {string.Join(", ", refused.Select(p => $"'{p.First.Filter}' ({p.Second})"))}");
        }

        _resender = Task.Run(() => ResendAsync(_stop.Token), CancellationToken.None);
        try
        {
            await _running.Task.WaitAsync(_options.StartTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            var last = Notice is { } notice ? $"its notice says {notice.State.ToString().ToLowerInvariant()}{(notice.Reason.Length > 0 ? ": " + notice.Reason : string.Empty)}" : $"no notice arrived on '{Endpoint.NoticeTopic}'";
            throw new PipelineTimeoutException(string.Create(CultureInfo.InvariantCulture, $"pipeline '{Endpoint.Pipeline}' did not run within {_options.StartTimeout.TotalSeconds:0.###} s: {last}"));
        }
    }

    /// <summary>One sending of <paramref name="flight"/>, to the pipeline's input topic, with the attempt's own correlation data.</summary>
    private async Task SendAsync(InFlightRequest flight, CancellationToken cancellationToken)
    {
        var id = new RequestId(_id, flight.Sequence, (byte)flight.Sendings);
        flight.Sendings++;
        flight.SentGeneration = Volatile.Read(ref _runningGeneration);
        flight.Timer?.Change(_options.RequestTimeout, Timeout.InfiniteTimeSpan);
        var result = await _mqtt.PublishAsync(flight.Message(Endpoint.InputTopic, _responseTopic, id), cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            throw new PipelineRequestException($"pipeline '{Endpoint.Pipeline}': the broker refused request {flight.Sequence} on '{Endpoint.InputTopic}': {result.ReasonCode} {result.ReasonString}".TrimEnd());
        }
    }

    private void OnTimeout(InFlightRequest flight) => QueueResend(flight);

    private void QueueResend(InFlightRequest flight)
    {
        if (_flights.ContainsKey(flight.Sequence) && flight.TryQueueResend())
        {
            _resends.Writer.TryWrite(flight);
        }
    }

    /// <summary>The resender: sends again each request queued by a timeout, a newer generation or a reconnection; gives up after the last attempt.</summary>
    private async Task ResendAsync(CancellationToken cancellationToken)
    {
        await foreach (var flight in _resends.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            flight.ResendTaken();
            if (!_flights.ContainsKey(flight.Sequence))
            {
                continue; // answered meanwhile
            }

            if (flight.Sendings >= _options.MaxAttempts)
            {
                var state = Notice is { } notice ? $"; the pipeline is {notice.State.ToString().ToLowerInvariant()} (generation {notice.Generation})" : string.Empty;
                if (!_flights.TryRemove(flight.Sequence, out _))
                {
                    continue; // answered meanwhile: completed there, not twice
                }

                Fail(flight, new PipelineTimeoutException(string.Create(CultureInfo.InvariantCulture, $"pipeline '{Endpoint.Pipeline}': no answer to request {flight.Sequence} after {flight.Sendings} attempts, {_time.GetElapsedTime(flight.FirstSent).TotalSeconds:0.#} s{state}")));
                continue;
            }

            try
            {
                Interlocked.Increment(ref _resent);
                await SendAsync(flight, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Not sent (not connected, refused, expired, ...): the timer armed by SendAsync tries again until
                // the last attempt, and a reconnection sends everything again. The resender itself goes on.
            }
        }
    }

    /// <summary>The receive handler: matches answers and follows the notice; never waits.</summary>
    private Task OnMessageAsync(MqttMessageReceivedEventArgs args)
    {
        var message = args.Message;
        if (message.Topic == Endpoint.NoticeTopic)
        {
            OnNotice(message);
        }
        else if (message.Topic == _responseTopic
            && message.CorrelationData is { } correlation
            && RequestId.TryRead(correlation.Span, out var id)
            && id.Client == _id
            && _flights.TryRemove(id.Sequence, out var flight))
        {
            OnAnswer(flight, message);
        }

        return Task.CompletedTask;
    }

    private void OnNotice(MqttApplicationMessage message)
    {
        PipelineNotice? notice;
        try
        {
            notice = PipelineNotices.Read(message);
        }
        catch (FormatException)
        {
            return; // not the orchestrator's notice; the last good one stands
        }

        if (notice is null || notice.Pipeline != Endpoint.Pipeline)
        {
            return;
        }

        Volatile.Write(ref _notice, notice);
        switch (notice.State)
        {
            case PipelineState.Running:
                // Compared with the last generation seen running, not the last notice: after "placing 2" comes
                // "running 2", and what was sent while generation 2 was being placed went to no running one.
                var before = Volatile.Read(ref _runningGeneration);
                if (notice.Generation > before && Interlocked.CompareExchange(ref _runningGeneration, notice.Generation, before) == before && before > 0)
                {
                    // A new placement: what went to an older one may be lost with it.
                    foreach (var flight in _flights.Values.Where(f => f.SentGeneration < notice.Generation))
                    {
                        QueueResend(flight);
                    }
                }

                _running.TrySetResult(notice);
                break;
            case PipelineState.Stopped:
                var stopped = new PipelineRequestException($"pipeline '{Endpoint.Pipeline}' was stopped{(notice.Reason.Length > 0 ? ": " + notice.Reason : string.Empty)}");
                _running.TrySetException(stopped);
                foreach (var flight in _flights.Values)
                {
                    if (_flights.TryRemove(flight.Sequence, out _))
                    {
                        Fail(flight, stopped);
                    }
                }

                break;
        }
    }

    private void OnAnswer(InFlightRequest flight, MqttApplicationMessage message)
    {
        if (ErrorReply.IsErrorReply(message))
        {
            Fail(flight, new PipelineRequestException($"pipeline '{Endpoint.Pipeline}' answered request {flight.Sequence} with an error: {ErrorReply.Read(message).Message}"));
            return;
        }

        TensorBundle answer;
        try
        {
            // The payload lives in the client's receive buffer: the answer keeps its own copy.
            var outputs = Notice?.Outputs ?? [];
            answer = TensorMessages.ReadBundle(MqttMessages.Detach(message), outputs.Count == 1 ? outputs[0] : "output");
        }
        catch (Exception e) when (e is TensorFrameException or ArgumentException)
        {
            Fail(flight, new PipelineRequestException($"pipeline '{Endpoint.Pipeline}' answered request {flight.Sequence} with an unusable result: {e.Message}"));
            return;
        }

        var latency = _time.GetElapsedTime(flight.FirstSent);
        _latencies.Add(latency);
        Interlocked.Increment(ref _answered);
        Complete(flight, () => flight.Answer.TrySetResult(new PipelineAnswer(flight.Sequence, answer.Tensors, flight.Sendings, latency)));
    }

    /// <summary>Ends a request with an exception; only the caller that took it out of the flights may (so it ends once).</summary>
    private void Fail(InFlightRequest flight, Exception error)
    {
        Interlocked.Increment(ref _failed);
        Complete(flight, () => flight.Answer.TrySetException(error));
    }

    private void Complete(InFlightRequest flight, Action outcome)
    {
        flight.Timer?.Dispose();
        if (Volatile.Read(ref _disposed) == 0)
        {
            try
            {
                _window.Release();
            }
            catch (ObjectDisposedException)
            {
                // Disposed meanwhile: no one waits for the slot.
            }
        }

        if (_order is { } order)
        {
            order.Release(flight.Sequence, outcome);
        }
        else
        {
            outcome();
        }
    }

    private Task OnConnectedAsync(MqttConnectionEstablished connection)
    {
        if (connection.IsReconnect)
        {
            // The broker may have restarted and lost what was in flight (QoS 1 state lives in its memory).
            foreach (var flight in _flights.Values)
            {
                QueueResend(flight);
            }
        }

        return Task.CompletedTask;
    }

    private async Task UnsubscribeAsync()
    {
        if (!_mqtt.IsConnected)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5), _time);
            await _mqtt.UnsubscribeAsync(SubscribedTopics, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is MqttNotConnectedException or OperationCanceledException or IOException)
        {
            // The connection went meanwhile; its session forgets the subscriptions, or a later client of it gets them.
        }
    }
}
