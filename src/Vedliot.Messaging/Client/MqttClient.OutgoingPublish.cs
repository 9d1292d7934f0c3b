using Vedliot.Messaging.Packets;
using Vedliot.Messaging.Transport;

namespace Vedliot.Messaging.Client;

/// <summary>
/// Outgoing PUBLISH flows: QoS 0 sends, QoS 1 (PUBLISH, PUBACK) and QoS 2 (PUBLISH, PUBREC, PUBREL,
/// PUBCOMP) flights held in the session, their resending after a reconnect, and message expiry.
/// </summary>
public sealed partial class MqttClient
{
    private static readonly MqttPublishResult QoS0Result = new(MqttReasonCode.Success, null, 0);

    /// <summary>
    /// Publishes a message and, for QoS 1/2, waits for its acknowledgement flow to complete. A QoS 0
    /// publish completes once the packet is queued for writing (its payload is copied), or, for a payload
    /// of 64 KiB or more, once it is written. Payloads of 64 KiB or more are sent without a copy at every
    /// QoS, so they must not change until the task completes.
    /// </summary>
    /// <remarks>
    /// Over MQTT 5.0, a QoS 1/2 message with a Message Expiry Interval ages while it waits in the client
    /// (MQTT 5.0 §3.3.2.3.3), on the <see cref="MqttClientOptions.TimeProvider"/> clock from this call: when
    /// it had to wait for flow-control quota, or is resent after a reconnect, it carries the lifetime it has
    /// left (rounded up to whole seconds), and once that is spent it is not sent and the task fails with
    /// <see cref="MqttMessageExpiredException"/>.
    /// </remarks>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels the wait (a message already sent stays in the session and is still delivered).</param>
    /// <returns>The outcome; check <see cref="MqttPublishResult.IsSuccess"/>.</returns>
    /// <exception cref="MqttNotConnectedException">There is no connection.</exception>
    /// <exception cref="MqttPacketTooLargeException">The message exceeds the server's Maximum Packet Size.</exception>
    /// <exception cref="NotSupportedException">The server does not support the message's QoS or retain.</exception>
    /// <exception cref="MqttMessageExpiredException">The message's Message Expiry Interval elapsed before it could be sent (QoS 1/2).</exception>
    public Task<MqttPublishResult> PublishAsync(MqttApplicationMessage message, CancellationToken cancellationToken = default) =>
        TryStartFlightAtOnce(message, cancellationToken) ?? PublishCoreAsync(message, cancellationToken);

    /// <summary>
    /// The common QoS 1/2 case without an async method of its own: connected, the message acceptable, a
    /// flow-control unit free and room in the send queue. The flight is sent at once and the caller gets
    /// the flight's own completion task, which saves a state machine and a thread-pool hop per message
    /// (measured with many publishes outstanding: their acknowledgements then release the callers directly).
    /// </summary>
    /// <returns>The publish's task, or null (having done nothing) when <see cref="PublishCoreAsync"/> must take it, which also reports every error.</returns>
    private Task<MqttPublishResult>? TryStartFlightAtOnce(MqttApplicationMessage? message, CancellationToken cancellationToken)
    {
        if (message is null || message.QualityOfService == MqttQualityOfService.AtMostOnce || cancellationToken.IsCancellationRequested
            || _connection is not { IsClosed: false } connection || !connection.Channel.HasCapacity
            || message.QualityOfService > (connection.ConnAck.MaximumQoS ?? MqttQualityOfService.ExactlyOnce)
            || (message.Retain && connection.ConnAck.RetainAvailable == false)
            || MqttTopic.ValidateTopicName(message.Topic) is not null)
        {
            return null;
        }

        var quota = connection.Quota;
        if (!quota.TryTake())
        {
            return null;
        }

        var lifetime = _options.ProtocolVersion == MqttProtocolVersion.V500 ? MqttMessageLifetime.Start(message.MessageExpiryIntervalSeconds, _time) : MqttMessageLifetime.Unlimited;
        var id = _session.AllocateIdentifier();
        var flight = _session.AddFlight(MqttPublishPackets.FromMessage(message, id, _options.ProtocolVersion), lifetime);
        flight.Quota = quota;
        try
        {
            connection.SendPublish(flight.Packet);
        }
        catch (Exception ex) when (ex is MqttPacketTooLargeException or ArgumentException)
        {
            _session.RemoveFlight(id);
            flight.ReleaseQuota();
            return Task.FromException<MqttPublishResult>(ex);
        }
        catch (IOException ex)
        {
            if (FlightLostWithConnection(flight, ex) is { } lost)
            {
                return Task.FromException<MqttPublishResult>(lost);
            }
        }

        return cancellationToken.CanBeCanceled ? flight.Completion.Task.WaitAsync(cancellationToken) : flight.Completion.Task;
    }

    private async Task<MqttPublishResult> PublishCoreAsync(MqttApplicationMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (MqttTopic.ValidateTopicName(message.Topic) is { } problem)
        {
            throw new ArgumentException(problem, nameof(message));
        }

        var connection = RequireConnection();
        var connAck = connection.ConnAck;
        if (message.QualityOfService > (connAck.MaximumQoS ?? MqttQualityOfService.ExactlyOnce))
        {
            throw new NotSupportedException($"The server supports QoS up to {connAck.MaximumQoS} [MQTT-3.2.2-11].");
        }

        if (message.Retain && connAck.RetainAvailable == false)
        {
            throw new NotSupportedException("The server does not support retained messages [MQTT-3.2.2-14].");
        }

        if (message.QualityOfService == MqttQualityOfService.AtMostOnce)
        {
            try
            {
                await connection.Channel.WaitForCapacityAsync(cancellationToken).ConfigureAwait(false);
                if (connection.SendPublish(MqttPublishPackets.FromMessage(message, 0, _options.ProtocolVersion)))
                {
                    // A large payload is written from the caller's memory: finish before handing it back.
                    await connection.Channel.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            catch (IOException ex)
            {
                throw new MqttNotConnectedException("The connection was lost.", ex);
            }

            return QoS0Result;
        }

        var lifetime = _options.ProtocolVersion == MqttProtocolVersion.V500 ? MqttMessageLifetime.Start(message.MessageExpiryIntervalSeconds, _time) : MqttMessageLifetime.Unlimited;
        var quota = connection.Quota;
        var waitedForQuota = !quota.TryTake();
        if (waitedForQuota)
        {
            await quota.TakeAsync(connection.Token, cancellationToken).ConfigureAwait(false);
        }

        var id = _session.AllocateIdentifier();
        var flight = _session.AddFlight(MqttPublishPackets.FromMessage(message, id, _options.ProtocolVersion), lifetime);
        flight.Quota = quota;
        if (!TryPrepareSend(flight, duplicate: false, aged: waitedForQuota, out var packet))
        {
            ExpireFlight(flight, retireIdentifier: false); // never sent
            return await flight.Completion.Task.ConfigureAwait(false);
        }

        try
        {
            await connection.Channel.WaitForCapacityAsync(cancellationToken).ConfigureAwait(false);
            connection.SendPublish(packet);
        }
        catch (Exception ex) when (ex is MqttPacketTooLargeException or ArgumentException or OperationCanceledException)
        {
            _session.RemoveFlight(id);
            flight.ReleaseQuota();
            throw;
        }
        catch (IOException ex)
        {
            if (FlightLostWithConnection(flight, ex) is { } lost)
            {
                throw lost;
            }
        }

        return await flight.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// When sending a new flight failed because the connection broke: the flight stays in the session and
    /// is resent after a reconnect, unless none will follow (then it may have missed the failing of the
    /// session's flights, so it is dropped here).
    /// </summary>
    /// <returns>The error to fail the publish with, or null when the flight stays for a reconnect.</returns>
    private MqttNotConnectedException? FlightLostWithConnection(OutgoingFlight flight, IOException error)
    {
        if (!_stopped || _session.RemoveFlight(flight.Packet.PacketIdentifier) is null)
        {
            return null;
        }

        flight.ReleaseQuota();
        return new MqttNotConnectedException("The connection was lost before the message could be sent.", error);
    }

    /// <summary>
    /// After a CONNACK: resends, in their original order ([MQTT-4.6.0-1]), the session's unacknowledged
    /// PUBLISH packets ([MQTT-4.4.0-1], with DUP when the server kept the session) and PUBREL packets,
    /// leaving out messages whose lifetime has elapsed.
    /// </summary>
    private void ResendFlights(MqttConnection connection, OutgoingFlight[] flights, bool sessionPresent)
    {
        var resent = 0;
        foreach (var flight in flights)
        {
            var id = flight.Packet.PacketIdentifier;
            if (flight.Released)
            {
                if (!sessionPresent)
                {
                    // PUBREC was received, so the server had taken ownership of the message.
                    CompleteFlight(id, new MqttPublishResult(MqttReasonCode.Success, null, id));
                    continue;
                }

                TakeQuota(connection, flight);
                connection.Send(new PubRelPacket { PacketIdentifier = id });
            }
            else
            {
                if (!TryPrepareSend(flight, duplicate: sessionPresent, aged: true, out var packet))
                {
                    ExpireFlight(flight, retireIdentifier: sessionPresent && flight.Packet.QualityOfService == MqttQualityOfService.ExactlyOnce);
                    continue;
                }

                TakeQuota(connection, flight);
                connection.SendPublish(packet, allowAlias: false);
            }

            resent++;
        }

        if (resent > 0)
        {
            MqttClientLog.Resent(_logger, resent);
        }

        static void TakeQuota(MqttConnection connection, OutgoingFlight flight)
        {
            flight.Quota = connection.Quota;
            connection.Quota.TryTake();
        }
    }

    /// <summary>The PUBLISH to send for a flight now: the packet as built, or, when it waited, aged.</summary>
    /// <param name="flight">The flight.</param>
    /// <param name="duplicate">DUP flag to send.</param>
    /// <param name="aged">Whether the message waited, so its Message Expiry Interval must be reduced by the wait.</param>
    /// <param name="packet">The packet to send.</param>
    /// <returns>False when the message's lifetime has elapsed: it must not be sent.</returns>
    private bool TryPrepareSend(OutgoingFlight flight, bool duplicate, bool aged, out PublishPacket packet)
    {
        var original = flight.Packet;
        if (!aged || flight.Lifetime.IntervalSeconds is null)
        {
            packet = duplicate == original.Duplicate ? original : MqttPublishPackets.Copy(original, original.Topic, 0, duplicate);
            return true;
        }

        if (!flight.Lifetime.TryGetRemaining(_time, out var remaining))
        {
            packet = original;
            return false;
        }

        packet = MqttPublishPackets.Copy(original, original.Topic, 0, duplicate, remaining);
        return true;
    }

    private void HandlePubAck(PubAckPacket ack) =>
        CompleteFlight(ack.PacketIdentifier, new MqttPublishResult(ack.ReasonCode, ack.ReasonString, ack.PacketIdentifier), MqttPacketType.PubAck);

    private void HandlePubRec(MqttConnection connection, PubRecPacket rec)
    {
        var flight = _session.FindFlight(rec.PacketIdentifier);
        if (flight is null)
        {
            connection.Send(new PubRelPacket { PacketIdentifier = rec.PacketIdentifier, ReasonCode = MqttReasonCode.PacketIdentifierNotFound });
            return;
        }

        if ((byte)rec.ReasonCode >= 0x80)
        {
            CompleteFlight(rec.PacketIdentifier, new MqttPublishResult(rec.ReasonCode, rec.ReasonString, rec.PacketIdentifier));
            return;
        }

        flight.Released = true;
        connection.Send(new PubRelPacket { PacketIdentifier = rec.PacketIdentifier });
    }

    private void HandlePubComp(PubCompPacket comp) =>
        CompleteFlight(comp.PacketIdentifier, new MqttPublishResult(comp.ReasonCode, comp.ReasonString, comp.PacketIdentifier), MqttPacketType.PubComp);

    private void CompleteFlight(ushort id, MqttPublishResult result, MqttPacketType? via = null)
    {
        var flight = _session.RemoveFlight(id);
        if (flight is null)
        {
            if (via is { } type)
            {
                MqttClientLog.UnknownPacketIdentifier(_logger, type, id);
            }

            return;
        }

        flight.ReleaseQuota();
        flight.Completion.TrySetResult(result);
    }

    /// <summary>Drops a flight whose lifetime elapsed before it could be (re)sent, failing its publish.</summary>
    /// <param name="flight">The flight.</param>
    /// <param name="retireIdentifier">Keep its packet identifier out of use while the server may hold it (see <see cref="MqttSession.RetireFlight"/>).</param>
    private void ExpireFlight(OutgoingFlight flight, bool retireIdentifier)
    {
        var packet = flight.Packet;
        var removed = retireIdentifier ? _session.RetireFlight(packet.PacketIdentifier) : _session.RemoveFlight(packet.PacketIdentifier);
        if (removed is null)
        {
            return;
        }

        flight.ReleaseQuota();
        MqttClientLog.MessageExpired(_logger, packet.PacketIdentifier, packet.Topic);
        flight.Completion.TrySetException(new MqttMessageExpiredException(packet.Topic, flight.Lifetime.IntervalSeconds ?? 0));
    }

    /// <summary>
    /// Ends every unacknowledged QoS 1/2 publish with <paramref name="error"/> and drops it from the
    /// session: used when no automatic reconnect will resend it.
    /// </summary>
    private void FailFlights(Exception error)
    {
        foreach (var flight in _session.FlightsInOrder())
        {
            if (_session.RemoveFlight(flight.Packet.PacketIdentifier) is not null)
            {
                flight.ReleaseQuota();
                flight.Completion.TrySetException(error);
            }
        }
    }
}
