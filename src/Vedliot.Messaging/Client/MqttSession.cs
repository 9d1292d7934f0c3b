using Vedliot.Messaging.Packets;

namespace Vedliot.Messaging.Client;

/// <summary>
/// Client session state that outlives a network connection (MQTT 5.0 §4.1): QoS 1/2 messages in
/// flight, QoS 2 messages received but not yet released, packet identifiers in use, and the
/// subscriptions to restore when the server lost the session. Thread-safe.
/// </summary>
internal sealed class MqttSession
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ushort, OutgoingFlight> _flights = [];
    private readonly HashSet<ushort> _identifiersInUse = [];
    private readonly HashSet<ushort> _incomingQoS2 = [];
    private readonly List<SubscribePacket> _subscriptions = [];
    private ushort _nextIdentifier = 1;
    private long _sequence;

    public ushort AllocateIdentifier()
    {
        lock (_gate)
        {
            if (_identifiersInUse.Count >= ushort.MaxValue)
            {
                throw new InvalidOperationException("All 65,535 packet identifiers are in use.");
            }

            while (_identifiersInUse.Contains(_nextIdentifier))
            {
                _nextIdentifier = _nextIdentifier == ushort.MaxValue ? (ushort)1 : (ushort)(_nextIdentifier + 1);
            }

            var id = _nextIdentifier;
            _identifiersInUse.Add(id);
            _nextIdentifier = id == ushort.MaxValue ? (ushort)1 : (ushort)(id + 1);
            return id;
        }
    }

    public void ReleaseIdentifier(ushort id)
    {
        lock (_gate)
        {
            _identifiersInUse.Remove(id);
        }
    }

    public OutgoingFlight AddFlight(PublishPacket packet)
    {
        lock (_gate)
        {
            var flight = new OutgoingFlight(packet, ++_sequence);
            _flights.Add(packet.PacketIdentifier, flight);
            return flight;
        }
    }

    public OutgoingFlight? FindFlight(ushort id)
    {
        lock (_gate)
        {
            return _flights.GetValueOrDefault(id);
        }
    }

    public OutgoingFlight? RemoveFlight(ushort id)
    {
        lock (_gate)
        {
            if (!_flights.Remove(id, out var flight))
            {
                return null;
            }

            _identifiersInUse.Remove(id);
            return flight;
        }
    }

    public OutgoingFlight[] FlightsInOrder()
    {
        lock (_gate)
        {
            return [.. _flights.Values.OrderBy(f => f.Sequence)];
        }
    }

    public int FlightCount
    {
        get
        {
            lock (_gate)
            {
                return _flights.Count;
            }
        }
    }

    /// <summary>Records a received QoS 2 PUBLISH; false when it is a redelivery of one already received.</summary>
    public bool TryAddIncomingQoS2(ushort id)
    {
        lock (_gate)
        {
            return _incomingQoS2.Add(id);
        }
    }

    public bool RemoveIncomingQoS2(ushort id)
    {
        lock (_gate)
        {
            return _incomingQoS2.Remove(id);
        }
    }

    public int IncomingQoS2Count
    {
        get
        {
            lock (_gate)
            {
                return _incomingQoS2.Count;
            }
        }
    }

    public void ClearIncoming()
    {
        lock (_gate)
        {
            _incomingQoS2.Clear();
        }
    }

    public void RecordSubscription(SubscribePacket packet)
    {
        lock (_gate)
        {
            _subscriptions.Add(packet);
        }
    }

    public void ForgetSubscriptions(IReadOnlyList<string> filters)
    {
        lock (_gate)
        {
            for (var i = _subscriptions.Count - 1; i >= 0; i--)
            {
                var remaining = _subscriptions[i].TopicFilters.Where(f => !filters.Contains(f.Filter)).ToList();
                if (remaining.Count == 0)
                {
                    _subscriptions.RemoveAt(i);
                }
                else if (remaining.Count != _subscriptions[i].TopicFilters.Count)
                {
                    var old = _subscriptions[i];
                    _subscriptions[i] = new SubscribePacket { SubscriptionIdentifier = old.SubscriptionIdentifier, TopicFilters = remaining, UserProperties = old.UserProperties };
                }
            }
        }
    }

    public SubscribePacket[] Subscriptions()
    {
        lock (_gate)
        {
            return [.. _subscriptions];
        }
    }

    public void ClearSubscriptions()
    {
        lock (_gate)
        {
            _subscriptions.Clear();
        }
    }
}

/// <summary>A QoS 1 or 2 PUBLISH that has not completed its acknowledgement flow.</summary>
internal sealed class OutgoingFlight(PublishPacket packet, long sequence)
{
    public PublishPacket Packet { get; } = packet;

    public long Sequence { get; } = sequence;

    /// <summary>True once PUBREC arrived and PUBREL was sent (QoS 2 second half).</summary>
    public bool Released { get; set; }

    private SemaphoreSlim? _quota;

    /// <summary>The flow-control quota the flight holds, released when it completes.</summary>
    public SemaphoreSlim? Quota
    {
        get => Volatile.Read(ref _quota);
        set => Volatile.Write(ref _quota, value);
    }

    /// <summary>Takes the quota (once) so that it is released exactly once.</summary>
    public SemaphoreSlim? TakeQuota() => Interlocked.Exchange(ref _quota, null);

    public TaskCompletionSource<MqttPublishResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
