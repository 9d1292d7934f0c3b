namespace Vedliot.Runtime.Deployment.Orchestration;

/// <summary>
/// Wakes every waiter when something changed (a node announced itself, a health report came), so that waits for a
/// condition re-check it on each change instead of polling. A pulse before a wait began is not seen by it: re-check
/// the condition after taking <see cref="Next"/> and before awaiting it.
/// </summary>
internal sealed class ChangeSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A task that completes at the next <see cref="Pulse"/>.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    /// <summary>Wakes the current waiters.</summary>
    public void Pulse() => Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Waits until <paramref name="condition"/> holds, re-checking it on every pulse, for at most <paramref name="timeout"/>.</summary>
    /// <returns>Whether it holds (false: the time ran out).</returns>
    public async Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        while (true)
        {
            var next = Next;
            if (condition())
            {
                return true;
            }

            var left = timeout - time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                return false;
            }

            try
            {
                await next.WaitAsync(left, time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return condition();
            }
        }
    }
}
