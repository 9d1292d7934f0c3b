using System.Buffers;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Vedliot.Messaging.Formatter;
using Vedliot.Messaging.Packets;
using Vedliot.Messaging.Transport;

namespace Vedliot.Messaging.Client;

/// <summary>
/// An MQTT 5.0 / 3.1.1 client: QoS 0/1/2 in both directions, session resumption, automatic
/// reconnect with back-off, keep alive, topic aliases, flow control and enhanced authentication.
/// Thread-safe; events are awaited in order.
/// </summary>
public sealed class MqttClient : IAsyncDisposable
{
    private static readonly MqttPublishResult QoS0Result = new(MqttReasonCode.Success, null, 0);
    private static readonly AsyncLocal<bool> InReconnectLoop = new();

    /// <summary>What a queued QoS 0 message costs beyond its payload, so that empty payloads count too.</summary>
    private const long QueuedMessageOverheadBytes = 64;
    private readonly MqttClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly MqttSession _session = new();
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private readonly Lock _sendLock = new();
    private readonly CancellationTokenSource _lifetime = new();
    private readonly Random _jitter;
    private Connection? _connection;
    private Task _reconnectTask = Task.CompletedTask;
    private CancellationTokenSource? _reconnectStop;
    private volatile bool _stopped = true;
    private bool _everConnected;
    private long _droppedQoS0Messages;
    private int _disposed;

    /// <summary>Creates a client; nothing happens until <see cref="ConnectAsync"/>.</summary>
    /// <param name="options">Settings; validated here and not to be changed afterwards.</param>
    public MqttClient(MqttClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = options.TimeProvider;
        _logger = options.Logger;
        _jitter = options.Reconnect.RandomSeed is { } seed ? new Random(seed) : new Random();
    }

    /// <summary>Raised for every application message received, in order. Awaited before the message is acknowledged.</summary>
    public event Func<MqttMessageReceivedEventArgs, Task>? MessageReceivedAsync;

    /// <summary>Raised after every successful connect or reconnect.</summary>
    public event Func<MqttConnectionEstablished, Task>? ConnectedAsync;

    /// <summary>Raised after a connection ended, whatever the cause.</summary>
    public event Func<MqttConnectionClosed, Task>? DisconnectedAsync;

    /// <summary>Whether a connection is currently established.</summary>
    public bool IsConnected => _connection is { IsClosed: false };

    /// <summary>The CONNACK of the current or last connection, or null before the first connect.</summary>
    public ConnAckPacket? ServerConnAck { get; private set; }

    /// <summary>The client identifier in use (the assigned one when the server chose it).</summary>
    public string ClientId { get; private set; } = string.Empty;

    /// <summary>QoS 0 messages dropped because handlers fell more than <see cref="MqttClientOptions.MaximumQueuedQoS0Bytes"/> behind.</summary>
    public long DroppedQoS0MessageCount => Interlocked.Read(ref _droppedQoS0Messages);

    /// <summary>Number of QoS 1/2 messages sent and not yet fully acknowledged.</summary>
    public int InFlightCount => _session.FlightCount;

    /// <summary>Connects to the broker. Automatic reconnect (if enabled) starts after this succeeds.</summary>
    /// <param name="cancellationToken">Cancels the connect.</param>
    /// <returns>The server's CONNACK.</returns>
    /// <exception cref="MqttConnectException">The server refused the connection.</exception>
    public async Task<ConnAckPacket> ConnectAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (!_reconnectTask.IsCompleted)
        {
            throw new InvalidOperationException("The client is reconnecting automatically; call DisconnectAsync first to take over.");
        }

        _stopped = false;
        try
        {
            return await ConnectCoreAsync(_options.CleanStart, isReconnect: false, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _stopped = true;
            throw;
        }
    }

    /// <summary>
    /// Publishes a message and, for QoS 1/2, waits for its acknowledgement flow to complete. A QoS 0
    /// publish completes once the packet is queued for writing (its payload is copied), or, for a payload
    /// of 64 KiB or more, once it is written. Payloads of 64 KiB or more are sent without a copy at every
    /// QoS, so they must not change until the task completes.
    /// </summary>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels the wait (a message already sent stays in the session and is still delivered).</param>
    /// <returns>The outcome; check <see cref="MqttPublishResult.IsSuccess"/>.</returns>
    /// <exception cref="MqttNotConnectedException">There is no connection.</exception>
    /// <exception cref="MqttPacketTooLargeException">The message exceeds the server's Maximum Packet Size.</exception>
    /// <exception cref="NotSupportedException">The server does not support the message's QoS or retain.</exception>
    public async Task<MqttPublishResult> PublishAsync(MqttApplicationMessage message, CancellationToken cancellationToken = default)
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
                if (SendPublish(connection, ToPacket(message, 0)))
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

        var quota = connection.Quota;
        if (!quota.Wait(0, CancellationToken.None))
        {
            await WaitForQuotaAsync(connection, cancellationToken).ConfigureAwait(false);
        }

        var id = _session.AllocateIdentifier();
        var flight = _session.AddFlight(ToPacket(message, id));
        flight.Quota = quota;
        try
        {
            await connection.Channel.WaitForCapacityAsync(cancellationToken).ConfigureAwait(false);
            SendPublish(connection, flight.Packet);
        }
        catch (Exception ex) when (ex is MqttPacketTooLargeException or ArgumentException or OperationCanceledException)
        {
            _session.RemoveFlight(id);
            ReleaseQuota(flight);
            throw;
        }
        catch (IOException ex)
        {
            // The connection broke: the flight stays in the session and is resent after a reconnect,
            // unless none will follow (then it may have missed the failing of the session's flights).
            if (_stopped && _session.RemoveFlight(id) is not null)
            {
                ReleaseQuota(flight);
                throw new MqttNotConnectedException("The connection was lost before the message could be sent.", ex);
            }
        }

        return await flight.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits for flow-control quota (the server's Receive Maximum), giving up when the connection ends.</summary>
    private static async Task WaitForQuotaAsync(Connection connection, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(connection.Token, cancellationToken);
        try
        {
            await connection.Quota.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new MqttNotConnectedException("The connection was lost before the message could be sent; nothing was sent.");
        }
    }

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

    /// <summary>Starts re-authentication (MQTT 5.0 §4.12.1) and waits for the server's AUTH with reason Success.</summary>
    /// <param name="authenticationData">Initial data for the method negotiated at connect.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The server's final AUTH packet.</returns>
    public async Task<AuthPacket> ReauthenticateAsync(ReadOnlyMemory<byte> authenticationData, CancellationToken cancellationToken = default)
    {
        var connection = RequireConnection();
        if (_options.AuthenticationMethod is null)
        {
            throw new InvalidOperationException("Re-authentication needs the AuthenticationMethod used at connect [MQTT-4.12.1-1].");
        }

        var waiter = new TaskCompletionSource<AuthPacket>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (Interlocked.CompareExchange(ref connection.AuthWaiter, waiter, null) is not null)
        {
            throw new InvalidOperationException("A re-authentication is already in progress.");
        }

        Send(connection, new AuthPacket { ReasonCode = MqttReasonCode.ReAuthenticate, AuthenticationMethod = _options.AuthenticationMethod, AuthenticationData = authenticationData });
        return await waiter.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends DISCONNECT, closes the connection and stops automatic reconnect.</summary>
    /// <param name="reasonCode">Reason; <see cref="MqttReasonCode.DisconnectWithWillMessage"/> asks the server to publish the will.</param>
    /// <param name="sessionExpiryIntervalSeconds">New session expiry interval, or null to keep it (MQTT 5.0).</param>
    /// <param name="cancellationToken">Cancels waiting for the DISCONNECT to be written.</param>
    /// <returns>A task that completes when the connection is closed.</returns>
    public async Task DisconnectAsync(MqttReasonCode reasonCode = MqttReasonCode.Success, uint? sessionExpiryIntervalSeconds = null, CancellationToken cancellationToken = default)
    {
        _stopped = true;
        if (Volatile.Read(ref _reconnectStop) is { } stopReconnect)
        {
            try
            {
                await stopReconnect.CancelAsync().ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                // The reconnect loop already ended.
            }
        }

        var connection = _connection;
        if (connection is null || connection.IsClosed)
        {
            if (!_reconnectTask.IsCompleted && !InReconnectLoop.Value)
            {
                await _reconnectTask.ConfigureAwait(false);
            }

            FailFlights(new MqttNotConnectedException("The client was disconnected before the acknowledgement arrived."));
            return;
        }

        try
        {
            connection.Channel.Enqueue(new DisconnectPacket { ReasonCode = reasonCode, SessionExpiryIntervalSeconds = sessionExpiryIntervalSeconds });
            await connection.Channel.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // Already broken: closing below is all that is left to do.
        }

        await CloseConnectionAsync(connection, new MqttConnectionClosed(true, reasonCode, null, null, null, false)).ConfigureAwait(false);
    }

    /// <summary>Disconnects (normal disconnection) if connected and releases resources.</summary>
    /// <returns>A task that completes when disposed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await DisconnectAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Nothing else to release.
        }

        await _lifetime.CancelAsync().ConfigureAwait(false);
        try
        {
            await _reconnectTask.ConfigureAwait(false);
            if (_connection is { } last)
            {
                await last.Receiver.ConfigureAwait(false); // no background work outlives the client
            }
        }
        catch (OperationCanceledException)
        {
            // Reconnect was stopped.
        }

        FailFlights(new ObjectDisposedException(nameof(MqttClient)));
        _lifetime.Dispose();
        _connectLock.Dispose();
    }

    // ------------------------------------------------------------------ connecting

    private async Task<ConnAckPacket> ConnectCoreAsync(bool cleanStart, bool isReconnect, CancellationToken cancellationToken)
    {
        await _connectLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_connection is { IsClosed: false })
            {
                throw new InvalidOperationException("The client is already connected.");
            }

            using var timeout = new CancellationTokenSource(_options.ConnectTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken, _lifetime.Token);
            var stream = await _options.Transport.ConnectAsync(_options.Host, _options.Port, _options.Tls, linked.Token).ConfigureAwait(false);
            var channel = new MqttChannel(stream, _options.ProtocolVersion) { MaximumIncomingPacketSize = _options.MaximumPacketSize };
            ConnAckPacket connAck;
            try
            {
                channel.Enqueue(BuildConnect(cleanStart));
                connAck = await AwaitConnAckAsync(channel, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                await channel.DisposeAsync().ConfigureAwait(false);
                throw new TimeoutException($"No CONNACK from {_options.Host}:{_options.Port} within {_options.ConnectTimeout}.");
            }
            catch (MqttProtocolException ex)
            {
                await SendDisconnectQuietlyAsync(channel, ex.ReasonCode, ex.Message).ConfigureAwait(false);
                await channel.DisposeAsync().ConfigureAwait(false);
                throw;
            }
            catch
            {
                await channel.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            if ((byte)connAck.ReasonCode >= 0x80)
            {
                await channel.DisposeAsync().ConfigureAwait(false);
                throw new MqttConnectException(connAck);
            }

            var connection = new Connection(channel, connAck, _lifetime.Token);
            channel.MaximumOutgoingPacketSize = connAck.MaximumPacketSize ?? MqttChannel.ProtocolMaximumPacketSize;
            channel.LastSendTimestamp = _time.GetTimestamp();
            ServerConnAck = connAck;
            ClientId = connAck.AssignedClientIdentifier ?? _options.ClientId;
            _connection = connection;
            _everConnected = true;
            MqttClientLog.Connected(_logger, _options.Host, _options.Port, ClientId, connAck.SessionPresent);

            RestoreSession(connection, connAck.SessionPresent);
            connection.Receiver = Task.Run(() => ReceiveLoopAsync(connection), CancellationToken.None);
            connection.Dispatcher = Task.Run(() => DispatchLoopAsync(connection), CancellationToken.None);
            var keepAlive = connAck.ServerKeepAliveSeconds is { } serverKeepAlive ? TimeSpan.FromSeconds(serverKeepAlive) : _options.KeepAlive;
            connection.KeepAlive = keepAlive > TimeSpan.Zero ? Task.Run(() => KeepAliveLoopAsync(connection, keepAlive), CancellationToken.None) : Task.CompletedTask;
            await RaiseAsync(ConnectedAsync, new MqttConnectionEstablished(connAck, isReconnect)).ConfigureAwait(false);
            return connAck;
        }
        finally
        {
            _connectLock.Release();
        }
    }

    private ConnectPacket BuildConnect(bool cleanStart)
    {
        return new ConnectPacket
        {
            ProtocolVersion = _options.ProtocolVersion,
            ClientId = _everConnected && ClientId.Length > 0 ? ClientId : _options.ClientId,
            CleanStart = cleanStart,
            KeepAliveSeconds = (ushort)_options.KeepAlive.TotalSeconds,
            UserName = _options.UserName,
            Password = _options.Password,
            Will = _options.Will,
            WillDelayIntervalSeconds = _options.WillDelayIntervalSeconds,
            SessionExpiryIntervalSeconds = _options.SessionExpiryIntervalSeconds,
            ReceiveMaximum = _options.ReceiveMaximum == ushort.MaxValue ? null : _options.ReceiveMaximum,
            MaximumPacketSize = _options.MaximumPacketSize >= MqttChannel.ProtocolMaximumPacketSize ? null : _options.MaximumPacketSize,
            TopicAliasMaximum = _options.TopicAliasMaximum,
            RequestResponseInformation = _options.RequestResponseInformation ? true : null,
            RequestProblemInformation = _options.RequestProblemInformation ? null : false,
            AuthenticationMethod = _options.AuthenticationMethod,
            AuthenticationData = _options.AuthenticationData,
            UserProperties = _options.UserProperties,
        };
    }

    private async Task<ConnAckPacket> AwaitConnAckAsync(MqttChannel channel, CancellationToken cancellationToken)
    {
        while (true)
        {
            var packet = await channel.ReceiveAsync(cancellationToken).ConfigureAwait(false);
            switch (packet)
            {
                case ConnAckPacket connAck:
                    return connAck;
                case AuthPacket auth when auth.ReasonCode == MqttReasonCode.ContinueAuthentication && _options.AuthenticationMethod is not null:
                    if (auth.AuthenticationMethod != _options.AuthenticationMethod)
                    {
                        throw MqttProtocolException.Protocol("[MQTT-4.12.0-5]", "AUTH used a different authentication method than CONNECT.");
                    }

                    var authenticator = _options.Authenticator ?? throw new InvalidOperationException("The server continued enhanced authentication but no Authenticator is configured.");
                    var data = await authenticator.RespondAsync(auth, cancellationToken).ConfigureAwait(false);
                    channel.Enqueue(new AuthPacket { ReasonCode = MqttReasonCode.ContinueAuthentication, AuthenticationMethod = _options.AuthenticationMethod, AuthenticationData = data });
                    break;
                case null:
                    throw new MqttNotConnectedException("The server closed the connection before CONNACK.");
                default:
                    throw MqttProtocolException.Protocol("[MQTT-3.2.0-1]", $"Expected CONNACK (or AUTH), received {packet.Type}.");
            }
        }
    }

    private void RestoreSession(Connection connection, bool sessionPresent)
    {
        var flights = _session.FlightsInOrder();
        if (!sessionPresent)
        {
            // [MQTT-4.1.0-1]/[MQTT-3.2.2-4]: the server has no session, so server-side state is gone.
            _session.ClearIncoming();
            if (_options.ResubscribeWhenSessionLost)
            {
                foreach (var subscription in _session.Subscriptions())
                {
                    var id = _session.AllocateIdentifier();
                    var waiter = new TaskCompletionSource<MqttPacket>(TaskCreationOptions.RunContinuationsAsynchronously);
                    connection.Requests[id] = waiter;
                    waiter.Task.ContinueWith(_ => _session.ReleaseIdentifier(id), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                    Send(connection, CloneSubscribe(subscription, id));
                }
            }
            else
            {
                _session.ClearSubscriptions();
            }
        }

        var resent = 0;
        foreach (var flight in flights)
        {
            flight.Quota = connection.Quota;
            connection.Quota.Wait(0, CancellationToken.None);
            if (flight.Released)
            {
                if (sessionPresent)
                {
                    Send(connection, new PubRelPacket { PacketIdentifier = flight.Packet.PacketIdentifier });
                }
                else
                {
                    // PUBREC was received, so the server had taken ownership of the message.
                    CompleteFlight(flight.Packet.PacketIdentifier, new MqttPublishResult(MqttReasonCode.Success, null, flight.Packet.PacketIdentifier));
                    continue;
                }
            }
            else
            {
                // [MQTT-4.4.0-1]: resend unacknowledged PUBLISH packets with DUP set (a fresh send when the session was lost).
                SendPublish(connection, Copy(flight.Packet, flight.Packet.Topic, 0, duplicate: sessionPresent), allowAlias: false);
            }

            resent++;
        }

        if (resent > 0)
        {
            MqttClientLog.Resent(_logger, resent);
        }
    }

    private void StartReconnect()
    {
        if (_stopped || _disposed != 0 || !_options.Reconnect.Enabled)
        {
            return;
        }

        var stop = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        Interlocked.Exchange(ref _reconnectStop, stop)?.Dispose();
        _reconnectTask = Task.Run(() => ReconnectLoopAsync(stop.Token), CancellationToken.None);
    }

    private async Task ReconnectLoopAsync(CancellationToken stop)
    {
        InReconnectLoop.Value = true;
        var reconnect = _options.Reconnect;
        for (var attempt = 0; !_stopped && !stop.IsCancellationRequested; attempt++)
        {
            if (reconnect.MaximumAttempts is { } max && attempt >= max)
            {
                MqttClientLog.ReconnectGaveUp(_logger, attempt);
                _stopped = true;
                FailFlights(new MqttNotConnectedException($"Reconnecting failed {attempt} time(s); the message was not acknowledged."));
                return;
            }

            double sample;
            lock (_jitter)
            {
                sample = _jitter.NextDouble();
            }

            var delay = reconnect.GetDelay(attempt, sample);
            MqttClientLog.ReconnectScheduled(_logger, attempt + 1, delay.TotalMilliseconds);
            try
            {
                await Task.Delay(delay, _time, stop).ConfigureAwait(false);
                if (_stopped)
                {
                    return;
                }

                await ConnectCoreAsync(cleanStart: false, isReconnect: true, stop).ConfigureAwait(false);
                if (_stopped)
                {
                    // DisconnectAsync was called while this attempt was connecting.
                    await DisconnectAsync(MqttReasonCode.Success, null, CancellationToken.None).ConfigureAwait(false);
                }

                return;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                MqttClientLog.ReconnectFailed(_logger, attempt + 1, ex);
            }
        }
    }

    // ------------------------------------------------------------------ receiving

    private async Task ReceiveLoopAsync(Connection connection)
    {
        MqttConnectionClosed? reason;
        try
        {
            while (true)
            {
                var (packet, pooled) = _options.PooledReceiveBuffers
                    ? await connection.Channel.ReceivePooledAsync(connection.Token).ConfigureAwait(false)
                    : (await connection.Channel.ReceiveAsync(connection.Token).ConfigureAwait(false), null);
                if (packet is null)
                {
                    reason = new MqttConnectionClosed(false, MqttReasonCode.UnspecifiedError, "The server closed the connection.", null, null, true);
                    break;
                }

                if (packet is DisconnectPacket disconnect)
                {
                    reason = new MqttConnectionClosed(false, disconnect.ReasonCode, disconnect.ReasonString, disconnect.ServerReference, null, true);
                    break;
                }

                await HandlePacketAsync(connection, packet, pooled).ConfigureAwait(false);
            }
        }
        catch (MqttProtocolException ex)
        {
            MqttClientLog.ProtocolError(_logger, ex.ReasonCode, ex.Message);
            reason = new MqttConnectionClosed(false, ex.ReasonCode, ex.Message, null, ex, true);
            await SendDisconnectQuietlyAsync(connection.Channel, ex.ReasonCode, ex.Message).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (connection.Token.IsCancellationRequested)
        {
            reason = connection.CloseReason;
        }
        catch (Exception ex) when (ex is IOException or EndOfStreamException or ObjectDisposedException or System.Net.Sockets.SocketException or System.Security.Authentication.AuthenticationException)
        {
            reason = connection.CloseReason ?? new MqttConnectionClosed(false, MqttReasonCode.UnspecifiedError, ex.Message, null, ex, true);
        }
        catch (Exception ex)
        {
            // Anything else is a fault on this side: say so to the server and close, never leave the connection unread.
            MqttClientLog.ProtocolError(_logger, MqttReasonCode.ImplementationSpecificError, ex.Message);
            reason = new MqttConnectionClosed(false, MqttReasonCode.ImplementationSpecificError, ex.Message, null, ex, true);
            await SendDisconnectQuietlyAsync(connection.Channel, MqttReasonCode.ImplementationSpecificError, "Client error").ConfigureAwait(false);
        }

        reason ??= connection.CloseReason ?? new MqttConnectionClosed(false, MqttReasonCode.UnspecifiedError, null, null, null, true);
        await CloseConnectionAsync(connection, reason).ConfigureAwait(false);
    }

    /// <summary>Best effort DISCONNECT carrying the reason a connection is being closed (MQTT 5.0 only).</summary>
    private async Task SendDisconnectQuietlyAsync(MqttChannel channel, MqttReasonCode reasonCode, string reasonString)
    {
        if (_options.ProtocolVersion != MqttProtocolVersion.V500)
        {
            return;
        }

        try
        {
            var text = reasonString.Length > 200 ? reasonString[..200] : reasonString;
            channel.Enqueue(new DisconnectPacket { ReasonCode = reasonCode, ReasonString = _options.RequestProblemInformation ? text : null });
            await channel.FlushAsync().WaitAsync(TimeSpan.FromSeconds(5), _time).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or TimeoutException or MqttPacketTooLargeException)
        {
            // The connection is being torn down anyway.
        }
    }

    private async Task HandlePacketAsync(Connection connection, MqttPacket packet, byte[]? pooled)
    {
        switch (packet)
        {
            case PublishPacket publish:
                HandlePublish(connection, publish, pooled);
                break;
            case PubAckPacket ack:
                CompleteFlight(ack.PacketIdentifier, new MqttPublishResult(ack.ReasonCode, ack.ReasonString, ack.PacketIdentifier), MqttPacketType.PubAck);
                break;
            case PubRecPacket rec:
                HandlePubRec(connection, rec);
                break;
            case PubCompPacket comp:
                CompleteFlight(comp.PacketIdentifier, new MqttPublishResult(comp.ReasonCode == MqttReasonCode.Success ? MqttReasonCode.Success : comp.ReasonCode, comp.ReasonString, comp.PacketIdentifier), MqttPacketType.PubComp);
                break;
            case PubRelPacket rel:
                var known = _session.RemoveIncomingQoS2(rel.PacketIdentifier);
                if (known)
                {
                    Interlocked.Decrement(ref connection.InboundUnacknowledged);
                }

                Send(connection, new PubCompPacket { PacketIdentifier = rel.PacketIdentifier, ReasonCode = known ? MqttReasonCode.Success : MqttReasonCode.PacketIdentifierNotFound });
                break;
            case SubAckPacket or UnsubAckPacket:
                var id = packet is SubAckPacket s ? s.PacketIdentifier : ((UnsubAckPacket)packet).PacketIdentifier;
                if (connection.Requests.TryRemove(id, out var waiter))
                {
                    waiter.TrySetResult(packet);
                }
                else
                {
                    MqttClientLog.UnknownPacketIdentifier(_logger, packet.Type, id);
                }

                break;
            case PingRespPacket:
                Interlocked.Exchange(ref connection.PingDeadline, long.MaxValue);
                break;
            case AuthPacket auth:
                await HandleAuthAsync(connection, auth).ConfigureAwait(false);
                break;
            default:
                throw MqttProtocolException.Protocol("MQTT 5.0 §3.2.0 / §4.8", $"A server must not send {packet.Type} to a client at this point.");
        }
    }

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
    private void HandlePublish(Connection connection, PublishPacket publish, byte[]? pooled)
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

    private bool TryQueueDelivery(Connection connection, PublishPacket publish, byte[]? pooled)
    {
        var topic = publish.Topic;
        if (publish.TopicAlias != 0)
        {
            if (publish.TopicAlias > _options.TopicAliasMaximum)
            {
                throw new MqttProtocolException(MqttReasonCode.TopicAliasInvalid, "[MQTT-3.3.2-9]", $"Topic Alias {publish.TopicAlias} exceeds the Topic Alias Maximum {_options.TopicAliasMaximum} this client sent.");
            }

            if (topic.Length > 0)
            {
                connection.InboundAliases[publish.TopicAlias] = topic;
            }
            else if (!connection.InboundAliases.TryGetValue(publish.TopicAlias, out topic))
            {
                throw MqttProtocolException.Protocol("MQTT 5.0 §3.3.2.3.4", $"Topic Alias {publish.TopicAlias} has no mapping on this connection.");
            }
        }

        if (publish.QualityOfService != MqttQualityOfService.AtMostOnce)
        {
            if (Interlocked.Increment(ref connection.InboundUnacknowledged) > _options.ReceiveMaximum)
            {
                throw new MqttProtocolException(MqttReasonCode.ReceiveMaximumExceeded, "[MQTT-3.3.4-9]", $"The server sent more than Receive Maximum ({_options.ReceiveMaximum}) unacknowledged QoS 1/2 messages.");
            }

            if (publish.QualityOfService == MqttQualityOfService.ExactlyOnce && !_session.TryAddIncomingQoS2(publish.PacketIdentifier))
            {
                // Already delivered; only acknowledge again ([MQTT-4.3.3-9]).
                Interlocked.Decrement(ref connection.InboundUnacknowledged);
                Send(connection, new PubRecPacket { PacketIdentifier = publish.PacketIdentifier });
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

        var message = new MqttApplicationMessage
        {
            Topic = topic,
            Payload = publish.Payload,
            QualityOfService = publish.QualityOfService,
            Retain = publish.Retain,
            PayloadFormat = publish.PayloadFormat,
            MessageExpiryIntervalSeconds = publish.MessageExpiryIntervalSeconds,
            ContentType = publish.ContentType,
            ResponseTopic = publish.ResponseTopic,
            CorrelationData = publish.CorrelationData,
            UserProperties = publish.UserProperties,
        };
        return connection.Inbox.Writer.TryWrite(new Delivery(new MqttMessageReceivedEventArgs(message, publish.SubscriptionIdentifiers, publish.Duplicate), publish.PacketIdentifier, pooled, queuedCost));
    }

    private async Task DispatchLoopAsync(Connection connection)
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
                        Interlocked.Decrement(ref connection.InboundUnacknowledged);
                        Send(connection, new PubAckPacket { PacketIdentifier = delivery.PacketIdentifier, ReasonCode = args.ReasonCode });
                        break;
                    case MqttQualityOfService.ExactlyOnce:
                        if ((byte)args.ReasonCode >= 0x80)
                        {
                            _session.RemoveIncomingQoS2(delivery.PacketIdentifier);
                            Interlocked.Decrement(ref connection.InboundUnacknowledged);
                        }

                        Send(connection, new PubRecPacket { PacketIdentifier = delivery.PacketIdentifier, ReasonCode = args.ReasonCode });
                        break;
                }
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
                // Connection gone: the server redelivers unacknowledged messages after reconnect.
            }
        }
    }

    private void HandlePubRec(Connection connection, PubRecPacket rec)
    {
        var flight = _session.FindFlight(rec.PacketIdentifier);
        if (flight is null)
        {
            Send(connection, new PubRelPacket { PacketIdentifier = rec.PacketIdentifier, ReasonCode = MqttReasonCode.PacketIdentifierNotFound });
            return;
        }

        if ((byte)rec.ReasonCode >= 0x80)
        {
            CompleteFlight(rec.PacketIdentifier, new MqttPublishResult(rec.ReasonCode, rec.ReasonString, rec.PacketIdentifier));
            return;
        }

        flight.Released = true;
        Send(connection, new PubRelPacket { PacketIdentifier = rec.PacketIdentifier });
    }

    private async Task HandleAuthAsync(Connection connection, AuthPacket auth)
    {
        if (_options.AuthenticationMethod is null || auth.AuthenticationMethod != _options.AuthenticationMethod)
        {
            throw MqttProtocolException.Protocol("[MQTT-4.12.0-5]", "AUTH received with an authentication method other than the one used at connect.");
        }

        switch (auth.ReasonCode)
        {
            case MqttReasonCode.ContinueAuthentication:
                var authenticator = _options.Authenticator ?? throw MqttProtocolException.Protocol("MQTT 5.0 §4.12", "The server continued authentication but no Authenticator is configured.");
                var data = await authenticator.RespondAsync(auth, connection.Token).ConfigureAwait(false);
                Send(connection, new AuthPacket { ReasonCode = MqttReasonCode.ContinueAuthentication, AuthenticationMethod = _options.AuthenticationMethod, AuthenticationData = data });
                break;
            case MqttReasonCode.Success:
                Interlocked.Exchange(ref connection.AuthWaiter, null)?.TrySetResult(auth);
                break;
            default:
                throw MqttProtocolException.Protocol("[MQTT-3.15.2-1]", $"A server must not send AUTH with reason {auth.ReasonCode}.");
        }
    }

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

        ReleaseQuota(flight);
        flight.Completion.TrySetResult(result);
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
                ReleaseQuota(flight);
                flight.Completion.TrySetException(error);
            }
        }
    }

    private static void ReleaseQuota(OutgoingFlight flight)
    {
        var quota = flight.TakeQuota();
        if (quota is not null)
        {
            try
            {
                quota.Release();
            }
            catch (SemaphoreFullException)
            {
                // The quota belongs to an older connection that was rebuilt.
            }
        }
    }

    // ------------------------------------------------------------------ keep alive

    private async Task KeepAliveLoopAsync(Connection connection, TimeSpan interval)
    {
        try
        {
            while (!connection.Token.IsCancellationRequested)
            {
                var now = _time.GetTimestamp();
                var deadline = Interlocked.Read(ref connection.PingDeadline);
                if (deadline != long.MaxValue && now >= deadline)
                {
                    connection.CloseReason = new MqttConnectionClosed(false, MqttReasonCode.KeepAliveTimeout, "No PINGRESP within the keep alive response timeout.", null, null, true);
                    await SendDisconnectQuietlyAsync(connection.Channel, MqttReasonCode.KeepAliveTimeout, "PINGRESP timeout").ConfigureAwait(false);
                    await connection.Channel.DisposeAsync().ConfigureAwait(false);
                    return;
                }

                var idle = _time.GetElapsedTime(connection.Channel.LastSendTimestamp, now);
                TimeSpan wait;
                if (deadline == long.MaxValue && idle >= interval)
                {
                    Send(connection, PingReqPacket.Instance);
                    Interlocked.Exchange(ref connection.PingDeadline, now + (long)(_options.KeepAliveResponseTimeout.TotalSeconds * _time.TimestampFrequency));
                    wait = Min(interval, _options.KeepAliveResponseTimeout);
                }
                else
                {
                    wait = interval - idle;
                    if (deadline != long.MaxValue)
                    {
                        wait = Min(wait, _time.GetElapsedTime(now, deadline));
                    }
                }

                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, _time, connection.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The connection ended; the receive loop reports it.
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    // ------------------------------------------------------------------ sending

    private Connection RequireConnection() =>
        _connection is { IsClosed: false } connection ? connection : throw new MqttNotConnectedException();

    private void Send(Connection connection, MqttPacket packet)
    {
        lock (_sendLock)
        {
            connection.Channel.Enqueue(packet);
            connection.Channel.LastSendTimestamp = _time.GetTimestamp();
        }
    }

    /// <returns>True when the payload was queued by reference (see <see cref="MqttChannel.Enqueue"/>).</returns>
    private bool SendPublish(Connection connection, PublishPacket packet, bool allowAlias = true)
    {
        lock (_sendLock)
        {
            var toSend = packet;
            if (allowAlias && connection.ServerTopicAliasMaximum > 0)
            {
                if (connection.OutboundAliases.TryGetValue(packet.Topic, out var alias))
                {
                    toSend = Copy(packet, string.Empty, alias, packet.Duplicate);
                }
                else if (connection.OutboundAliases.Count < connection.ServerTopicAliasMaximum)
                {
                    alias = (ushort)(connection.OutboundAliases.Count + 1);
                    toSend = Copy(packet, packet.Topic, alias, packet.Duplicate);
                    var detachedWithAlias = connection.Channel.Enqueue(toSend);
                    connection.OutboundAliases[packet.Topic] = alias;
                    connection.Channel.LastSendTimestamp = _time.GetTimestamp();
                    return detachedWithAlias;
                }
            }

            var detached = connection.Channel.Enqueue(toSend);
            connection.Channel.LastSendTimestamp = _time.GetTimestamp();
            return detached;
        }
    }

    private async Task<MqttPacket> RequestAsync(Connection connection, Func<ushort, MqttPacket> build, CancellationToken cancellationToken)
    {
        var id = _session.AllocateIdentifier();
        var waiter = new TaskCompletionSource<MqttPacket>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Requests[id] = waiter;
        try
        {
            await connection.Channel.WaitForCapacityAsync(cancellationToken).ConfigureAwait(false);
            Send(connection, build(id));
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

    private PublishPacket ToPacket(MqttApplicationMessage m, ushort id) => new()
    {
        Topic = m.Topic,
        Payload = m.Payload,
        QualityOfService = m.QualityOfService,
        Retain = m.Retain,
        PacketIdentifier = id,
        PayloadFormat = m.PayloadFormat,
        MessageExpiryIntervalSeconds = m.MessageExpiryIntervalSeconds,
        ContentType = m.ContentType,
        ResponseTopic = m.ResponseTopic,
        CorrelationData = m.CorrelationData,
        UserProperties = _options.ProtocolVersion == MqttProtocolVersion.V500 ? m.UserProperties : [],
    };

    /// <summary>A copy of <paramref name="p"/> with another topic/alias and DUP flag.</summary>
    private static PublishPacket Copy(PublishPacket p, string topic, ushort alias, bool duplicate) => new()
    {
        Topic = topic,
        TopicAlias = alias,
        Payload = p.Payload,
        QualityOfService = p.QualityOfService,
        Retain = p.Retain,
        Duplicate = duplicate,
        PacketIdentifier = p.PacketIdentifier,
        PayloadFormat = p.PayloadFormat,
        MessageExpiryIntervalSeconds = p.MessageExpiryIntervalSeconds,
        ContentType = p.ContentType,
        ResponseTopic = p.ResponseTopic,
        CorrelationData = p.CorrelationData,
        UserProperties = p.UserProperties,
    };

    private static SubscribePacket CloneSubscribe(SubscribePacket template, ushort id) => new()
    {
        PacketIdentifier = id,
        SubscriptionIdentifier = template.SubscriptionIdentifier,
        TopicFilters = template.TopicFilters,
        UserProperties = template.UserProperties,
    };

    // ------------------------------------------------------------------ closing

    private async Task CloseConnectionAsync(Connection connection, MqttConnectionClosed reason)
    {
        if (Interlocked.Exchange(ref connection.Closed, 1) != 0)
        {
            await connection.Finished.Task.ConfigureAwait(false);
            return;
        }

        await connection.Cancel().ConfigureAwait(false);
        await connection.Channel.DisposeAsync().ConfigureAwait(false);
        connection.Inbox.Writer.TryComplete();
        foreach (var request in connection.Requests.Values)
        {
            request.TrySetException(new MqttNotConnectedException("The connection was lost before the acknowledgement arrived."));
        }

        Interlocked.Exchange(ref connection.AuthWaiter, null)?.TrySetException(new MqttNotConnectedException("The connection was lost during re-authentication."));
        try
        {
            await Task.WhenAll(connection.Dispatcher, connection.KeepAlive).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Expected on close.
        }

        var willReconnect = !reason.ClientInitiated && !_stopped && _disposed == 0 && _options.Reconnect.Enabled;
        if (!reason.ClientInitiated)
        {
            MqttClientLog.ConnectionLost(_logger, reason.ReasonCode, reason.Exception);
        }

        if (!willReconnect)
        {
            _stopped = true;
            FailFlights(new MqttNotConnectedException("The connection ended before the acknowledgement arrived and will not be re-established automatically."));
        }

        await RaiseAsync(DisconnectedAsync, reason with { WillReconnect = willReconnect }).ConfigureAwait(false);
        if (willReconnect)
        {
            StartReconnect();
        }

        connection.Finished.TrySetResult();
    }

    private async Task RaiseAsync<T>(Func<T, Task>? handlers, T args)
    {
        if (handlers is null)
        {
            return;
        }

        foreach (var handler in handlers.GetInvocationList().Cast<Func<T, Task>>())
        {
            try
            {
                await handler(args).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                MqttClientLog.EventHandlerFailed(_logger, ex);
            }
        }
    }

    private readonly record struct Delivery(MqttMessageReceivedEventArgs Args, ushort PacketIdentifier, byte[]? PooledBuffer, long QueuedCost);

    /// <summary>State of one network connection.</summary>
    private sealed class Connection
    {
        private readonly CancellationTokenSource _cts;

        public Connection(MqttChannel channel, ConnAckPacket connAck, CancellationToken lifetime)
        {
            Channel = channel;
            ConnAck = connAck;
            _cts = CancellationTokenSource.CreateLinkedTokenSource(lifetime);
            Token = _cts.Token;
            var receiveMaximum = connAck.ReceiveMaximum ?? ushort.MaxValue;
            Quota = new SemaphoreSlim(receiveMaximum, receiveMaximum);
            ServerTopicAliasMaximum = connAck.TopicAliasMaximum;
        }

        public MqttChannel Channel { get; }

        public ConnAckPacket ConnAck { get; }

        public CancellationToken Token { get; }

        public SemaphoreSlim Quota { get; }

        public ushort ServerTopicAliasMaximum { get; }

        public Dictionary<ushort, string> InboundAliases { get; } = [];

        public Dictionary<string, ushort> OutboundAliases { get; } = new(StringComparer.Ordinal);

        public System.Collections.Concurrent.ConcurrentDictionary<ushort, TaskCompletionSource<MqttPacket>> Requests { get; } = new();

        public Channel<Delivery> Inbox { get; } = System.Threading.Channels.Channel.CreateUnbounded<Delivery>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

        public TaskCompletionSource Finished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Receiver { get; set; } = Task.CompletedTask;

        public Task Dispatcher { get; set; } = Task.CompletedTask;

        public Task KeepAlive { get; set; } = Task.CompletedTask;

        public MqttConnectionClosed? CloseReason { get; set; }

        public bool IsClosed => Volatile.Read(ref Closed) != 0;

#pragma warning disable SA1401, CA1051 // Fields used with Interlocked.
        public int Closed;
        public int InboundUnacknowledged;
        public long QueuedQoS0Bytes;
        public long PingDeadline = long.MaxValue;
        public TaskCompletionSource<AuthPacket>? AuthWaiter;
#pragma warning restore SA1401, CA1051

        public Task Cancel() => _cts.CancelAsync();
    }
}
