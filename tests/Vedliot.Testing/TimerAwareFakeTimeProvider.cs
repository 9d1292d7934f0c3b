using Microsoft.Extensions.Time.Testing;

namespace Vedliot.Testing;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also tells a test when the code under test arms a timer
/// (<c>Task.Delay</c>, a <c>CancellationTokenSource</c> timeout), so that the test advances the clock only
/// once that code waits: advanced earlier, the timer would be armed after the jump and never fall due.
/// </summary>
public sealed class TimerAwareFakeTimeProvider : FakeTimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<WatchedTimer> _timers = [];
    private readonly List<(Func<TimeSpan, bool> Match, DateTimeOffset Since, TaskCompletionSource Armed)> _waits = [];

    /// <summary>Starts the clock at <see cref="FakeTimeProvider"/>'s default start.</summary>
    public TimerAwareFakeTimeProvider()
    {
    }

    /// <summary>Starts the clock at <paramref name="start"/>.</summary>
    public TimerAwareFakeTimeProvider(DateTimeOffset start)
        : base(start)
    {
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new WatchedTimer(this, base.CreateTimer(callback, state, dueTime, period));
        Arm(timer, dueTime, period);
        return timer;
    }

    /// <summary>
    /// Completes once a timer whose due time, as it was armed, satisfies <paramref name="match"/> waits to fall
    /// due: at once if one does already, otherwise when one is armed.
    /// </summary>
    public Task WaitForTimerAsync(Func<TimeSpan, bool> match) => WaitForTimerAsync(match, DateTimeOffset.MinValue);

    /// <summary>
    /// Like <see cref="WaitForTimerAsync(Func{TimeSpan, bool})"/>, but only for a timer armed at or after
    /// <paramref name="armedSince"/> (on this clock): a timer the code under test is about to replace does not count.
    /// </summary>
    public Task WaitForTimerAsync(Func<TimeSpan, bool> match, DateTimeOffset armedSince)
    {
        var now = GetUtcNow();
        lock (_gate)
        {
            if (_timers.Any(t => t.IsWaiting(now) && t.ArmedAt >= armedSince && match(t.DueTime)))
            {
                return Task.CompletedTask;
            }

            var armed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waits.Add((match, armedSince, armed));
            return armed.Task;
        }
    }

    private void Arm(WatchedTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        // Read before taking the gate: the base clock has a lock of its own.
        var now = GetUtcNow();
        List<TaskCompletionSource> armed = [];
        lock (_gate)
        {
            timer.DueTime = dueTime;
            timer.ArmedAt = now;
            timer.WakeAt = dueTime == Timeout.InfiniteTimeSpan ? null : now + dueTime;
            timer.Periodic = period != Timeout.InfiniteTimeSpan && period > TimeSpan.Zero;
            _timers.Remove(timer);
            _timers.RemoveAll(t => !t.IsWaiting(now));
            if (timer.WakeAt is not null)
            {
                _timers.Add(timer);
                for (var i = _waits.Count - 1; i >= 0; i--)
                {
                    if (now >= _waits[i].Since && _waits[i].Match(dueTime))
                    {
                        armed.Add(_waits[i].Armed);
                        _waits.RemoveAt(i);
                    }
                }
            }
        }

        armed.ForEach(a => a.TrySetResult());
    }

    private void Disarm(WatchedTimer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
        }
    }

    /// <summary>The base clock's timer, with what it was armed with.</summary>
    private sealed class WatchedTimer(TimerAwareFakeTimeProvider owner, ITimer inner) : ITimer
    {
        public TimeSpan DueTime { get; set; }

        public DateTimeOffset? WakeAt { get; set; }

        public DateTimeOffset ArmedAt { get; set; }

        public bool Periodic { get; set; }

        public bool IsWaiting(DateTimeOffset now) => WakeAt is { } wakeAt && (Periodic || wakeAt > now);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var changed = inner.Change(dueTime, period);
            if (changed)
            {
                owner.Arm(this, dueTime, period);
            }

            return changed;
        }

        public void Dispose()
        {
            inner.Dispose();
            owner.Disarm(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
