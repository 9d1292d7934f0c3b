using Vedliot.Messaging.Packets;

namespace Vedliot.Messaging.Client;

/// <summary>A QoS 1 or 2 PUBLISH that has not completed its acknowledgement flow; part of the <see cref="MqttSession"/>.</summary>
/// <param name="packet">The packet as first built: full topic, no alias, the Message Expiry Interval the application set.</param>
/// <param name="sequence">Order of sending, kept when resending ([MQTT-4.6.0-1]).</param>
/// <param name="lifetime">The message's lifetime, for its Message Expiry Interval.</param>
internal sealed class OutgoingFlight(PublishPacket packet, long sequence, MqttMessageLifetime lifetime)
{
    private SendQuota? _quota;

    public PublishPacket Packet { get; } = packet;

    public long Sequence { get; } = sequence;

    public MqttMessageLifetime Lifetime { get; } = lifetime;

    /// <summary>True once PUBREC arrived and PUBREL was sent (QoS 2 second half).</summary>
    public bool Released { get; set; }

    /// <summary>The flow-control quota the flight holds, released when it completes.</summary>
    public SendQuota? Quota
    {
        get => Volatile.Read(ref _quota);
        set => Volatile.Write(ref _quota, value);
    }

    public TaskCompletionSource<MqttPublishResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gives back the quota the flight holds, exactly once however often it is called.</summary>
    public void ReleaseQuota() => Interlocked.Exchange(ref _quota, null)?.Release();
}
