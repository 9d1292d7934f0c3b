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
    private readonly HashSet<ushort> _retiredIdentifiers = [];
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

    public OutgoingFlight AddFlight(PublishPacket packet, MqttMessageLifetime lifetime)
    {
        lock (_gate)
        {
            var flight = new OutgoingFlight(packet, ++_sequence, lifetime);
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

    /// <summary>
    /// Removes a flight but keeps its packet identifier out of use until <see cref="ReleaseRetiredIdentifiers"/>:
    /// for a QoS 2 PUBLISH that was sent but never acknowledged, which the server may still hold awaiting
    /// PUBREL; a new message under that identifier would be taken for a duplicate ([MQTT-4.3.3-10]) and dropped.
    /// </summary>
    public OutgoingFlight? RetireFlight(ushort id)
    {
        lock (_gate)
        {
            if (!_flights.Remove(id, out var flight))
            {
                return null;
            }

            _retiredIdentifiers.Add(id);
            return flight;
        }
    }

    /// <summary>Frees retired packet identifiers: the server has no session, so it holds none of them.</summary>
    public void ReleaseRetiredIdentifiers()
    {
        lock (_gate)
        {
            _identifiersInUse.ExceptWith(_retiredIdentifiers);
            _retiredIdentifiers.Clear();
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
