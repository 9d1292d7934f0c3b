using System.Buffers;
using Vedliot.Messaging.Packets;

namespace Vedliot.Messaging.Client;

/// <summary>
/// Incoming PUBLISH flows: queueing received messages for the handlers, running the handlers in
/// order, and acknowledging (PUBACK; PUBREC, PUBREL, PUBCOMP with exactly-once delivery).
/// </summary>
public sealed partial class MqttClient
{
    /// <summary>What a queued QoS 0 message costs beyond its payload, so that empty payloads count too.</summary>
    private const long QueuedMessageOverheadBytes = 64;
    private long _droppedQoS0Messages;

    /// <summary>
    /// Queues a received PUBLISH for the handlers. The receive loop never waits here, so
    /// acknowledgements behind a burst of messages are still read (a handler may await its own
    /// QoS 1/2 publish). Memory stays bounded: QoS 1/2 messages by Receive Maximum (they are
    /// acknowledged only after their handlers ran), QoS 0 messages by
    /// <see cref="MqttClientOptions.MaximumQueuedQoS0Bytes"/>, beyond which they are dropped.
    /// </summary>
    /// <param name="connection">The connection the packet came on.</param>
    /// <param name="publish">The packet.</param>
    /// <param name="pooled">Pooled buffer holding the payload, returned once the handlers are done (or now, when the message is not delivered).</param>
    private void HandlePublish(MqttConnection connection, PublishPacket publish, byte[]? pooled)
    {
        var handedOver = false;
        try
        {
            handedOver = TryQueueDelivery(connection, publish, pooled);
        }
        finally
        {
            if (!handedOver && pooled is not null)
            {
                ArrayPool<byte>.Shared.Return(pooled);
            }
        }
    }

    private bool TryQueueDelivery(MqttConnection connection, PublishPacket publish, byte[]? pooled)
    {
        var topic = connection.IncomingAliases.Resolve(publish);
        if (publish.QualityOfService != MqttQualityOfService.AtMostOnce)
        {
            connection.ReceiveWindow.Admit();
            if (publish.QualityOfService == MqttQualityOfService.ExactlyOnce && !_session.TryAddIncomingQoS2(publish.PacketIdentifier))
            {
                // Already delivered; only acknowledge again ([MQTT-4.3.3-9]).
                connection.ReceiveWindow.Acknowledged();
                connection.Send(new PubRecPacket { PacketIdentifier = publish.PacketIdentifier });
                return false;
            }
        }

        var queuedCost = 0L;
        if (publish.QualityOfService == MqttQualityOfService.AtMostOnce)
        {
            queuedCost = publish.Payload.Length + QueuedMessageOverheadBytes;
            if (Interlocked.Add(ref connection.QueuedQoS0Bytes, queuedCost) > _options.MaximumQueuedQoS0Bytes)
            {
                Interlocked.Add(ref connection.QueuedQoS0Bytes, -queuedCost);
                var dropped = Interlocked.Increment(ref _droppedQoS0Messages);
                if ((dropped & (dropped - 1)) == 0)
                {
                    MqttClientLog.QoS0Dropped(_logger, dropped, _options.MaximumQueuedQoS0Bytes);
                }

                return false;
            }
        }

        var args = new MqttMessageReceivedEventArgs(MqttPublishPackets.ToMessage(publish, topic), publish.SubscriptionIdentifiers, publish.Duplicate);
        return connection.Inbox.Writer.TryWrite(new MqttInboundDelivery(args, publish.PacketIdentifier, pooled, queuedCost));
    }

    /// <summary>Runs the handlers for each queued message in order, then acknowledges it.</summary>
    private async Task DispatchLoopAsync(MqttConnection connection)
    {
        await foreach (var delivery in connection.Inbox.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            var args = delivery.Args;
            var handlers = MessageReceivedAsync;
            if (handlers is not null)
            {
                foreach (var handler in handlers.GetInvocationList().Cast<Func<MqttMessageReceivedEventArgs, Task>>())
                {
                    try
                    {
                        await handler(args).ConfigureAwait(false);
                    }
                    catch (Exception ex)
                    {
                        MqttClientLog.HandlerFailed(_logger, args.Message.Topic, ex);
                        args.ReasonCode = MqttReasonCode.UnspecifiedError;
                    }
                }
            }

            if (delivery.PooledBuffer is { } pooled)
            {
                ArrayPool<byte>.Shared.Return(pooled);
            }

            Interlocked.Add(ref connection.QueuedQoS0Bytes, -delivery.QueuedCost);

            try
            {
                switch (args.Message.QualityOfService)
                {
                    case MqttQualityOfService.AtLeastOnce:
                        connection.ReceiveWindow.Acknowledged();
                        connection.Send(new PubAckPacket { PacketIdentifier = delivery.PacketIdentifier, ReasonCode = args.ReasonCode });
                        break;
                    case MqttQualityOfService.ExactlyOnce:
                        if ((byte)args.ReasonCode >= 0x80)
                        {
                            _session.RemoveIncomingQoS2(delivery.PacketIdentifier);
                            connection.ReceiveWindow.Acknowledged();
                        }

                        connection.Send(new PubRecPacket { PacketIdentifier = delivery.PacketIdentifier, ReasonCode = args.ReasonCode });
                        break;
                }
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
                // Connection gone: the server redelivers unacknowledged messages after reconnect.
            }
        }
    }

    /// <summary>The last step of an incoming QoS 2 flow: the message is released, PUBCOMP ends it.</summary>
    private void HandlePubRel(MqttConnection connection, PubRelPacket rel)
    {
        var known = _session.RemoveIncomingQoS2(rel.PacketIdentifier);
        if (known)
        {
            connection.ReceiveWindow.Acknowledged();
        }

        connection.Send(new PubCompPacket { PacketIdentifier = rel.PacketIdentifier, ReasonCode = known ? MqttReasonCode.Success : MqttReasonCode.PacketIdentifierNotFound });
    }
}

/// <summary>A received message waiting in a connection's inbox for the handlers.</summary>
/// <param name="Args">What the handlers receive.</param>
/// <param name="PacketIdentifier">The PUBLISH packet identifier, for the acknowledgement.</param>
/// <param name="PooledBuffer">The pooled buffer holding the payload, returned after the handlers ran, or null.</param>
/// <param name="QueuedCost">What the message counts against <see cref="MqttClientOptions.MaximumQueuedQoS0Bytes"/> (QoS 0 only).</param>
internal readonly record struct MqttInboundDelivery(MqttMessageReceivedEventArgs Args, ushort PacketIdentifier, byte[]? PooledBuffer, long QueuedCost);
