using Vedliot.Messaging.Packets;

namespace Vedliot.Messaging.Client;

/// <summary>
/// Keep alive of one connection (MQTT 5.0 §3.1.2.10): sends PINGREQ when nothing was sent for the
/// keep alive interval, and closes the connection when PINGRESP does not follow within the
/// response timeout. Time comes from the client's <see cref="TimeProvider"/>.
/// </summary>
internal sealed class MqttKeepAlive
{
    private readonly MqttConnection _connection;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _responseTimeout;
    private readonly TimeProvider _time;
    private readonly Func<Task> _onTimeoutAsync;
    private long _pingDeadline = long.MaxValue;

    /// <summary>Creates the keep alive of a connection; <see cref="RunAsync"/> starts it.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="interval">The keep alive in effect (the server's, when it sent one).</param>
    /// <param name="responseTimeout">How long to wait for PINGRESP.</param>
    /// <param name="time">The clock.</param>
    /// <param name="onTimeoutAsync">Closes the connection for want of PINGRESP (it has already been given its close reason).</param>
    public MqttKeepAlive(MqttConnection connection, TimeSpan interval, TimeSpan responseTimeout, TimeProvider time, Func<Task> onTimeoutAsync)
    {
        _connection = connection;
        _interval = interval;
        _responseTimeout = responseTimeout;
        _time = time;
        _onTimeoutAsync = onTimeoutAsync;
    }

    /// <summary>Notes a PINGRESP: the outstanding ping is answered.</summary>
    public void PingResponseReceived() => Interlocked.Exchange(ref _pingDeadline, long.MaxValue);

    /// <summary>Runs until the connection ends.</summary>
    /// <returns>A task that completes when the connection ends or was closed for want of PINGRESP.</returns>
    public async Task RunAsync()
    {
        var connection = _connection;
        try
        {
            while (!connection.Token.IsCancellationRequested)
            {
                var now = _time.GetTimestamp();
                var deadline = Interlocked.Read(ref _pingDeadline);
                if (deadline != long.MaxValue && now >= deadline)
                {
                    connection.CloseReason = new MqttConnectionClosed(false, MqttReasonCode.KeepAliveTimeout, "No PINGRESP within the keep alive response timeout.", null, null, true);
                    await _onTimeoutAsync().ConfigureAwait(false);
                    return;
                }

                var idle = _time.GetElapsedTime(connection.Channel.LastSendTimestamp, now);
                TimeSpan wait;
                if (deadline == long.MaxValue && idle >= _interval)
                {
                    connection.Send(PingReqPacket.Instance);
                    Interlocked.Exchange(ref _pingDeadline, now + (long)(_responseTimeout.TotalSeconds * _time.TimestampFrequency));
                    wait = Min(_interval, _responseTimeout);
                }
                else
                {
                    wait = _interval - idle;
                    if (deadline != long.MaxValue)
                    {
                        wait = Min(wait, _time.GetElapsedTime(now, deadline));
                    }
                }

                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, _time, connection.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The connection ended; the receive loop reports it.
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
