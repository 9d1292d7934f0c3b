using Vedliot.Messaging.Packets;

namespace Vedliot.Messaging.Client;

/// <summary>Automatic reconnect after a lost connection: exponential back-off with jitter, resuming the session.</summary>
public sealed partial class MqttClient
{
    private static readonly AsyncLocal<bool> InReconnectLoop = new();
    private readonly Random _jitter;
    private Task _reconnectTask = Task.CompletedTask;
    private CancellationTokenSource? _reconnectStop;

    private void StartReconnect()
    {
        if (_stopped || _disposed != 0 || !_options.Reconnect.Enabled)
        {
            return;
        }

        var stop = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        Interlocked.Exchange(ref _reconnectStop, stop)?.Dispose();
        _reconnectTask = Task.Run(() => ReconnectLoopAsync(stop.Token), CancellationToken.None);
    }

    /// <summary>Cancels a pending reconnect attempt (its back-off delay or its connect).</summary>
    private async Task StopReconnectAsync()
    {
        if (Volatile.Read(ref _reconnectStop) is { } stopReconnect)
        {
            try
            {
                await stopReconnect.CancelAsync().ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                // The reconnect loop already ended.
            }
        }
    }

    /// <summary>Waits for the reconnect loop to end, unless called from it.</summary>
    private async Task WaitForReconnectLoopAsync()
    {
        if (!_reconnectTask.IsCompleted && !InReconnectLoop.Value)
        {
            await _reconnectTask.ConfigureAwait(false);
        }
    }

    private async Task ReconnectLoopAsync(CancellationToken stop)
    {
        InReconnectLoop.Value = true;
        var reconnect = _options.Reconnect;
        for (var attempt = 0; !_stopped && !stop.IsCancellationRequested; attempt++)
        {
            if (reconnect.MaximumAttempts is { } max && attempt >= max)
            {
                MqttClientLog.ReconnectGaveUp(_logger, attempt);
                _stopped = true;
                FailFlights(new MqttNotConnectedException($"Reconnecting failed {attempt} time(s); the message was not acknowledged."));
                return;
            }

            double sample;
            lock (_jitter)
            {
                sample = _jitter.NextDouble();
            }

            var delay = reconnect.GetDelay(attempt, sample);
            MqttClientLog.ReconnectScheduled(_logger, attempt + 1, delay.TotalMilliseconds);
            try
            {
                await Task.Delay(delay, _time, stop).ConfigureAwait(false);
                if (_stopped)
                {
                    return;
                }

                await ConnectCoreAsync(cleanStart: false, isReconnect: true, stop).ConfigureAwait(false);
                if (_stopped)
                {
                    // DisconnectAsync was called while this attempt was connecting.
                    await DisconnectAsync(MqttReasonCode.Success, null, CancellationToken.None).ConfigureAwait(false);
                }

                return;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                MqttClientLog.ReconnectFailed(_logger, attempt + 1, ex);
            }
        }
    }
}
