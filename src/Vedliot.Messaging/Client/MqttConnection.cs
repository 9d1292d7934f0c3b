using System.Collections.Concurrent;
using System.Threading.Channels;
using Vedliot.Messaging.Packets;
using Vedliot.Messaging.Transport;

namespace Vedliot.Messaging.Client;

/// <summary>
/// State of one network connection of an <see cref="MqttClient"/>: what lives and dies with it, as
/// opposed to the <see cref="MqttSession"/>, which outlives it. It also owns the ordering of
/// sends, so that a topic alias is always defined on the wire before it is used.
/// </summary>
internal sealed class MqttConnection
{
    private readonly CancellationTokenSource _cts;
    private readonly TimeProvider _time;
    private readonly Lock _sendGate = new();

    public MqttConnection(MqttChannel channel, ConnAckPacket connAck, MqttClientOptions options, CancellationToken lifetime)
    {
        Channel = channel;
        ConnAck = connAck;
        _time = options.TimeProvider;
        _cts = CancellationTokenSource.CreateLinkedTokenSource(lifetime);
        Token = _cts.Token;
        Quota = new SendQuota(connAck.ReceiveMaximum ?? ushort.MaxValue);
        ReceiveWindow = new ReceiveWindow(options.ReceiveMaximum);
        OutgoingAliases = new OutgoingTopicAliases(options.UseOutgoingTopicAliases ? connAck.TopicAliasMaximum : (ushort)0);
        IncomingAliases = new IncomingTopicAliases(options.TopicAliasMaximum);
    }

    public MqttChannel Channel { get; }

    public ConnAckPacket ConnAck { get; }

    /// <summary>Cancelled when the connection closes (or the client is disposed).</summary>
    public CancellationToken Token { get; }

    /// <summary>Flow control towards the server: its Receive Maximum.</summary>
    public SendQuota Quota { get; }

    /// <summary>Flow control from the server: this client's Receive Maximum.</summary>
    public ReceiveWindow ReceiveWindow { get; }

    /// <summary>Topic aliases this client defined towards the server; used under the send gate only.</summary>
    public OutgoingTopicAliases OutgoingAliases { get; }

    /// <summary>Topic aliases the server defined towards this client; used by the receive loop only.</summary>
    public IncomingTopicAliases IncomingAliases { get; }

    /// <summary>SUBSCRIBE/UNSUBSCRIBE requests waiting for their acknowledgement, by packet identifier.</summary>
    public ConcurrentDictionary<ushort, TaskCompletionSource<MqttPacket>> Requests { get; } = new();

    /// <summary>Received messages waiting for the handlers (see <see cref="MqttClient"/>'s dispatch loop).</summary>
    public Channel<MqttInboundDelivery> Inbox { get; } = System.Threading.Channels.Channel.CreateUnbounded<MqttInboundDelivery>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    /// <summary>Completes once the connection is fully closed and its loss reported.</summary>
    public TaskCompletionSource Finished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Receiver { get; set; } = Task.CompletedTask;

    public Task Dispatcher { get; set; } = Task.CompletedTask;

    public Task KeepAlive { get; set; } = Task.CompletedTask;

    /// <summary>Why the connection is being closed, when this side decided it before the receive loop noticed.</summary>
    public MqttConnectionClosed? CloseReason { get; set; }

    public bool IsClosed => Volatile.Read(ref Closed) != 0;

#pragma warning disable SA1401, CA1051 // Fields used with Interlocked.
    public int Closed;
    public long QueuedQoS0Bytes;
    public long PingDeadline = long.MaxValue;
    public TaskCompletionSource<AuthPacket>? AuthWaiter;
#pragma warning restore SA1401, CA1051

    public Task Cancel() => _cts.CancelAsync();

    /// <summary>Queues a packet for writing and notes the time, for keep alive.</summary>
    /// <param name="packet">The packet.</param>
    /// <exception cref="IOException">The connection failed or is closed.</exception>
    public void Send(MqttPacket packet)
    {
        lock (_sendGate)
        {
            Channel.Enqueue(packet);
            Channel.LastSendTimestamp = _time.GetTimestamp();
        }
    }

    /// <summary>
    /// Queues a PUBLISH, replacing its topic by an alias where the server allows aliases: the first
    /// PUBLISH of a topic defines the alias (topic and alias), later ones carry the alias alone.
    /// </summary>
    /// <param name="packet">The packet as the session holds it (full topic, no alias).</param>
    /// <param name="allowAlias">False to send the topic in full (resends after a reconnect).</param>
    /// <returns>True when the payload was queued by reference (see <see cref="MqttChannel.Enqueue"/>).</returns>
    /// <exception cref="MqttPacketTooLargeException">The packet exceeds the server's Maximum Packet Size; nothing was queued.</exception>
    /// <exception cref="IOException">The connection failed or is closed.</exception>
    public bool SendPublish(PublishPacket packet, bool allowAlias = true)
    {
        lock (_sendGate)
        {
            var alias = allowAlias ? OutgoingAliases.Choose(packet.Topic) : TopicAliasChoice.None;
            var toSend = alias.Alias == 0 ? packet : MqttPublishPackets.Copy(packet, alias.Defines ? packet.Topic : string.Empty, alias.Alias, packet.Duplicate);
            var detached = Channel.Enqueue(toSend);
            if (alias.Defines)
            {
                // Recorded only once queued: a packet refused as too large defines nothing.
                OutgoingAliases.Define(packet.Topic, alias.Alias);
            }

            Channel.LastSendTimestamp = _time.GetTimestamp();
            return detached;
        }
    }
}
