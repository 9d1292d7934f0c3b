using System.Threading.Channels;
using Vedliot.Messaging.Client;
using Vedliot.Messaging.Transport;

namespace Vedliot.Hosting.Node.Stages;

/// <summary>
/// A stage's publishes still waiting for the broker's acknowledgement: at most <see cref="Capacity"/>, so that the
/// stage runs its next request while earlier results travel, yet stops (back-pressure) once that many are
/// unacknowledged. The stage's worker hands messages over in run order and the client sends them in that order;
/// a settling loop takes the acknowledgements in the same order and reports each outcome.
/// </summary>
/// <remarks>
/// Order: the worker hands messages to the client one after another, and the client writes a publish at once when it
/// has send quota and room in its send queue; when it has not, that publish waits inside the client and (a limitation
/// of <c>MqttClient</c>'s fast path today) a later publish that finds room may overtake it. A message the client could
/// not take into its session because the connection was lost is sent again once the client is connected, before any
/// later one is settled; while such a resend is pending, new messages are not started by the worker but left to the
/// settling loop, one at a time, so they follow it. Messages already in the session are resent by the client itself,
/// in order, after a reconnect.
/// </remarks>
internal sealed class PublishWindow : IDisposable
{
    private readonly BrokerPublisher _publisher;
    private readonly Action<StageOutgoing> _delivered;
    private readonly Func<StageOutgoing, string, StageOutgoing?> _undelivered;
    private readonly SemaphoreSlim _slots;
    private readonly Channel<(StageOutgoing Outgoing, Task<MqttPublishResult>? Started)> _pending =
        Channel.CreateUnbounded<(StageOutgoing, Task<MqttPublishResult>?)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    private Task _settler = Task.CompletedTask;
    private volatile bool _resending;

    /// <summary>Creates the window; call <see cref="Start"/> before the first <see cref="SendAsync"/>.</summary>
    /// <param name="publisher">Publishes through the node's client.</param>
    /// <param name="capacity">How many publishes may wait for their acknowledgement at once (at least 1).</param>
    /// <param name="delivered">Called (on the settling loop) for each message the broker accepted.</param>
    /// <param name="undelivered">
    /// Called (on the settling loop) for each message the broker refused or the client could not send, with the
    /// reason; returns what to publish instead (e.g. an error reply for a result), or null.
    /// </param>
    public PublishWindow(BrokerPublisher publisher, int capacity, Action<StageOutgoing> delivered, Func<StageOutgoing, string, StageOutgoing?> undelivered)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _publisher = publisher;
        _delivered = delivered;
        _undelivered = undelivered;
        Capacity = capacity;
        _slots = new SemaphoreSlim(capacity, capacity);
    }

    /// <summary>How many publishes may wait for their acknowledgement at once.</summary>
    public int Capacity { get; }

    /// <summary>Publishes waiting for their acknowledgement now.</summary>
    public int Outstanding => Capacity - _slots.CurrentCount;

    /// <summary>Starts the settling loop.</summary>
    /// <param name="abort">Abandons every wait for the broker.</param>
    public void Start(CancellationToken abort) => _settler = Task.Run(() => SettleAsync(abort), CancellationToken.None);

    /// <summary>
    /// Publishes <paramref name="outgoing"/> after the ones handed over before it; waits only while
    /// <see cref="Capacity"/> publishes are unacknowledged. Called by one worker at a time.
    /// </summary>
    /// <param name="outgoing">The message.</param>
    /// <param name="abort">Abandons the wait for room.</param>
    /// <returns>A task that completes once the message is on its way (not acknowledged).</returns>
    public async ValueTask SendAsync(StageOutgoing outgoing, CancellationToken abort)
    {
        await _slots.WaitAsync(abort).ConfigureAwait(false);
        var started = _resending ? null : _publisher.StartPublish(outgoing.Message, abort);
        _pending.Writer.TryWrite((outgoing, started));
    }

    /// <summary>Takes no more messages and waits until every one handed over is settled (or the abort token fires).</summary>
    /// <returns>A task that completes when the window is empty or abandoned.</returns>
    public async Task DrainAsync()
    {
        _pending.Writer.TryComplete();
        await _settler.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Releases the window's semaphore; call after <see cref="DrainAsync"/> has completed.</summary>
    public void Dispose() => _slots.Dispose();

    private async Task SettleAsync(CancellationToken abort)
    {
        try
        {
            await foreach (var (outgoing, started) in _pending.Reader.ReadAllAsync(abort).ConfigureAwait(false))
            {
                try
                {
                    await SettleAsync(outgoing, started, abort).ConfigureAwait(false);
                }
                finally
                {
                    _slots.Release();
                }

                if (!_pending.Reader.TryPeek(out _))
                {
                    _resending = false;
                }
            }
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            // Abandoned: the node is going away.
        }
    }

    private async Task SettleAsync(StageOutgoing outgoing, Task<MqttPublishResult>? started, CancellationToken abort)
    {
        var task = started;
        var retried = false;
        while (true)
        {
            string reason;
            try
            {
                task ??= _publisher.StartPublish(outgoing.Message, abort);
                var result = await task.ConfigureAwait(false);
                if (result.IsSuccess)
                {
                    _delivered(outgoing);
                    return;
                }

                reason = $"the broker refused it ({result.ReasonCode}{(result.ReasonString is { } text ? ": " + text : string.Empty)})";
            }
            catch (MqttNotConnectedException)
            {
                // Never taken into the client's session: send it again once connected, ahead of everything after it.
                _resending = true;
                await (retried ? _publisher.WaitForNextConnectionAsync(abort) : _publisher.WaitForConnectionAsync(abort)).ConfigureAwait(false);
                (task, retried) = (null, true);
                continue;
            }
            catch (Exception e) when (e is MqttPacketTooLargeException or ArgumentException or NotSupportedException or MqttMessageExpiredException)
            {
                reason = e.Message;
            }

            if (_undelivered(outgoing, reason) is not { } replacement)
            {
                return;
            }

            (outgoing, task, retried) = (replacement, null, false);
        }
    }
}
