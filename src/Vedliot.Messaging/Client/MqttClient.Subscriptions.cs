using Vedliot.Messaging.Formatter;
using Vedliot.Messaging.Packets;

namespace Vedliot.Messaging.Client;

/// <summary>
/// Subscriptions: SUBSCRIBE/SUBACK and UNSUBSCRIBE/UNSUBACK requests, and subscribing again after
/// reconnecting to a server that lost the session.
/// </summary>
public sealed partial class MqttClient
{
    /// <summary>Subscribes to one topic filter.</summary>
    /// <param name="filter">Topic filter (wildcards and $share/ allowed).</param>
    /// <param name="qualityOfService">Maximum QoS.</param>
    /// <param name="cancellationToken">Cancels the wait for SUBACK.</param>
    /// <returns>The SUBACK.</returns>
    public Task<SubAckPacket> SubscribeAsync(string filter, MqttQualityOfService qualityOfService = MqttQualityOfService.AtMostOnce, CancellationToken cancellationToken = default) =>
        SubscribeAsync([new MqttTopicFilter { Filter = filter, QualityOfService = qualityOfService }], 0, null, cancellationToken);

    /// <summary>Subscribes to topic filters with full subscription options.</summary>
    /// <param name="filters">Filters with options.</param>
    /// <param name="subscriptionIdentifier">Subscription identifier (1..268,435,455) or 0 for none (MQTT 5.0).</param>
    /// <param name="userProperties">User properties, or null.</param>
    /// <param name="cancellationToken">Cancels the wait for SUBACK.</param>
    /// <returns>The SUBACK, one reason code per filter.</returns>
    public async Task<SubAckPacket> SubscribeAsync(IReadOnlyList<MqttTopicFilter> filters, uint subscriptionIdentifier = 0, IReadOnlyList<MqttUserProperty>? userProperties = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filters);
        if (filters.Count == 0)
        {
            throw new ArgumentException("At least one topic filter is needed [MQTT-3.8.3-2].", nameof(filters));
        }

        foreach (var f in filters)
        {
            if (MqttTopic.ValidateTopicFilter(f.Filter) is { } problem)
            {
                throw new ArgumentException(problem, nameof(filters));
            }

            if (f.NoLocal && MqttTopic.IsShared(f.Filter))
            {
                throw new ArgumentException("No Local must not be set on a shared subscription [MQTT-3.8.3-4].", nameof(filters));
            }
        }

        if (subscriptionIdentifier > MqttFrame.MaximumRemainingLength)
        {
            throw new ArgumentOutOfRangeException(nameof(subscriptionIdentifier), "Subscription identifiers range from 1 to 268,435,455.");
        }

        if (_options.ProtocolVersion == MqttProtocolVersion.V311
            && (subscriptionIdentifier != 0 || userProperties is { Count: > 0 } || filters.Any(f => f.NoLocal || f.RetainAsPublished || f.RetainHandling != MqttRetainHandling.SendAtSubscribe)))
        {
            throw new NotSupportedException("Subscription identifiers, user properties and the No Local, Retain As Published and Retain Handling options need MQTT 5.0.");
        }

        var connection = RequireConnection();
        if (subscriptionIdentifier != 0 && connection.ConnAck.SubscriptionIdentifiersAvailable == false)
        {
            throw new NotSupportedException("The server does not support subscription identifiers.");
        }

        var template = new SubscribePacket { SubscriptionIdentifier = subscriptionIdentifier, TopicFilters = filters, UserProperties = userProperties ?? [] };
        var subAck = (SubAckPacket)await RequestAsync(connection, id => CloneSubscribe(template, id), cancellationToken).ConfigureAwait(false);
        if (subAck.ReasonCodes.Any(c => (byte)c < 0x80))
        {
            _session.RecordSubscription(template);
        }

        return subAck;
    }

    /// <summary>Unsubscribes from topic filters.</summary>
    /// <param name="filters">The filters, as subscribed.</param>
    /// <param name="cancellationToken">Cancels the wait for UNSUBACK.</param>
    /// <returns>The UNSUBACK.</returns>
    public async Task<UnsubAckPacket> UnsubscribeAsync(IReadOnlyList<string> filters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filters);
        if (filters.Count == 0)
        {
            throw new ArgumentException("At least one topic filter is needed [MQTT-3.10.3-2].", nameof(filters));
        }

        var connection = RequireConnection();
        var result = (UnsubAckPacket)await RequestAsync(connection, id => new UnsubscribePacket { PacketIdentifier = id, TopicFilters = filters }, cancellationToken).ConfigureAwait(false);
        _session.ForgetSubscriptions(filters);
        return result;
    }

    /// <summary>Subscribes again to what was subscribed, when the server lost the session (unless disabled).</summary>
    private void RestoreSubscriptions(MqttConnection connection)
    {
        if (!_options.ResubscribeWhenSessionLost)
        {
            _session.ClearSubscriptions();
            return;
        }

        foreach (var subscription in _session.Subscriptions())
        {
            var id = _session.AllocateIdentifier();
            var waiter = new TaskCompletionSource<MqttPacket>(TaskCreationOptions.RunContinuationsAsynchronously);
            connection.Requests[id] = waiter;
            waiter.Task.ContinueWith(_ => _session.ReleaseIdentifier(id), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            connection.Send(CloneSubscribe(subscription, id));
        }
    }

    /// <summary>Sends a request with a fresh packet identifier and waits for its acknowledgement.</summary>
    private async Task<MqttPacket> RequestAsync(MqttConnection connection, Func<ushort, MqttPacket> build, CancellationToken cancellationToken)
    {
        var id = _session.AllocateIdentifier();
        var waiter = new TaskCompletionSource<MqttPacket>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Requests[id] = waiter;
        try
        {
            await connection.Channel.WaitForCapacityAsync(cancellationToken).ConfigureAwait(false);
            connection.Send(build(id));
            return await waiter.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw new MqttNotConnectedException("The connection was lost.", ex);
        }
        finally
        {
            connection.Requests.TryRemove(id, out _);
            _session.ReleaseIdentifier(id);
        }
    }

    /// <summary>Completes the request a SUBACK or UNSUBACK answers.</summary>
    private void HandleRequestAcknowledgement(MqttConnection connection, MqttPacket packet)
    {
        var id = packet is SubAckPacket s ? s.PacketIdentifier : ((UnsubAckPacket)packet).PacketIdentifier;
        if (connection.Requests.TryRemove(id, out var waiter))
        {
            waiter.TrySetResult(packet);
        }
        else
        {
            MqttClientLog.UnknownPacketIdentifier(_logger, packet.Type, id);
        }
    }

    private static SubscribePacket CloneSubscribe(SubscribePacket template, ushort id) => new()
    {
        PacketIdentifier = id,
        SubscriptionIdentifier = template.SubscriptionIdentifier,
        TopicFilters = template.TopicFilters,
        UserProperties = template.UserProperties,
    };
}
