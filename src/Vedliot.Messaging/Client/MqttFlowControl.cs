using Vedliot.Messaging.Formatter;
using Vedliot.Messaging.Packets;

namespace Vedliot.Messaging.Client;

/// <summary>
/// Flow control towards the server (MQTT 5.0 §4.9): at most the server's Receive Maximum QoS 1/2
/// PUBLISH packets unacknowledged. One per connection; a flight holds one unit until it completes.
/// Thread-safe.
/// </summary>
/// <param name="receiveMaximum">The server's Receive Maximum (65,535 when it sent none).</param>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "SemaphoreSlim needs disposing only once its AvailableWaitHandle was used, which never happens here; flights may give units back after their connection closed.")]
internal sealed class SendQuota(ushort receiveMaximum)
{
    private readonly SemaphoreSlim _units = new(receiveMaximum, receiveMaximum);

    /// <summary>Takes a unit if one is free, without waiting.</summary>
    /// <returns>True when a unit was taken.</returns>
    public bool TryTake() => _units.Wait(0, CancellationToken.None);

    /// <summary>Waits for a unit, giving up when the connection ends.</summary>
    /// <param name="connectionToken">Cancelled when the connection ends.</param>
    /// <param name="cancellationToken">The caller's cancellation.</param>
    /// <returns>A task that completes when a unit is taken.</returns>
    /// <exception cref="MqttNotConnectedException">The connection ended first; nothing was sent.</exception>
    public async Task TakeAsync(CancellationToken connectionToken, CancellationToken cancellationToken)
    {
        if (TryTake())
        {
            return;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(connectionToken, cancellationToken);
        try
        {
            await _units.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new MqttNotConnectedException("The connection was lost before the message could be sent; nothing was sent.");
        }
    }

    /// <summary>Gives a unit back.</summary>
    public void Release()
    {
        try
        {
            _units.Release();
        }
        catch (SemaphoreFullException)
        {
            // More flights were resent after a reconnect than the server's new Receive Maximum allows.
        }
    }
}

/// <summary>
/// Flow control from the server (MQTT 5.0 §4.9): counts QoS 1/2 PUBLISH packets received and not
/// yet acknowledged (PUBACK, or PUBREC with an error, or PUBCOMP) against this client's Receive
/// Maximum. One per connection; thread-safe.
/// </summary>
/// <param name="receiveMaximum">The Receive Maximum this client announced.</param>
internal sealed class ReceiveWindow(ushort receiveMaximum)
{
    private int _unacknowledged;

    /// <summary>Counts a received QoS 1/2 PUBLISH.</summary>
    /// <exception cref="MqttProtocolException">The server exceeded the Receive Maximum (reason 0x93).</exception>
    public void Admit()
    {
        if (Interlocked.Increment(ref _unacknowledged) > receiveMaximum)
        {
            throw new MqttProtocolException(MqttReasonCode.ReceiveMaximumExceeded, "[MQTT-3.3.4-9]", $"The server sent more than Receive Maximum ({receiveMaximum}) unacknowledged QoS 1/2 messages.");
        }
    }

    /// <summary>Counts the acknowledgement that ends a received PUBLISH's flow (or its discarding as a duplicate).</summary>
    public void Acknowledged() => Interlocked.Decrement(ref _unacknowledged);
}
