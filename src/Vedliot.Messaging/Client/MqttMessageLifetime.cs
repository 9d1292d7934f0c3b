namespace Vedliot.Messaging.Client;

/// <summary>
/// The lifetime of an outgoing message that has a Message Expiry Interval (MQTT 5.0 §3.3.2.3.3),
/// measured on the client's <see cref="TimeProvider"/> from the moment the application handed the
/// message over. A message that waits in the client (for flow-control quota, or in the session to be
/// resent after a reconnect) goes out with the lifetime it has left, and not at all once that is spent.
/// </summary>
/// <param name="IntervalSeconds">The interval the application set, or null when the message does not expire.</param>
/// <param name="StartTimestamp">When the lifetime started (<see cref="TimeProvider.GetTimestamp"/> units).</param>
internal readonly record struct MqttMessageLifetime(uint? IntervalSeconds, long StartTimestamp)
{
    /// <summary>A lifetime that never ends.</summary>
    public static MqttMessageLifetime Unlimited => default;

    /// <summary>Starts the lifetime of a message now.</summary>
    /// <param name="intervalSeconds">The message's Message Expiry Interval, or null.</param>
    /// <param name="time">The clock.</param>
    /// <returns>The lifetime.</returns>
    public static MqttMessageLifetime Start(uint? intervalSeconds, TimeProvider time) =>
        intervalSeconds is null ? Unlimited : new MqttMessageLifetime(intervalSeconds, time.GetTimestamp());

    /// <summary>
    /// The Message Expiry Interval to send now: what is left of the lifetime, rounded up to whole
    /// seconds (so it is never 0 and never more than the interval set).
    /// </summary>
    /// <param name="time">The clock the lifetime was started on.</param>
    /// <param name="remainingSeconds">The interval to send; null when the message does not expire.</param>
    /// <returns>False when the lifetime has elapsed: the message must not be sent.</returns>
    public bool TryGetRemaining(TimeProvider time, out uint? remainingSeconds)
    {
        if (IntervalSeconds is not { } interval)
        {
            remainingSeconds = null;
            return true;
        }

        var remaining = TimeSpan.FromSeconds(interval) - time.GetElapsedTime(StartTimestamp);
        if (remaining <= TimeSpan.Zero)
        {
            remainingSeconds = null;
            return false;
        }

        remainingSeconds = (uint)Math.Min(interval, Math.Ceiling(remaining.TotalSeconds));
        return true;
    }
}
