using Vedliot.Messaging.Formatter;
using Vedliot.Messaging.Packets;
using Vedliot.Messaging.Transport;

namespace Vedliot.Messaging.Client;

/// <summary>Connecting (CONNECT/CONNACK, resuming the session) and closing a connection.</summary>
public sealed partial class MqttClient
{
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private bool _everConnected;

    /// <summary>Connects to the broker. Automatic reconnect (if enabled) starts after this succeeds.</summary>
    /// <param name="cancellationToken">Cancels the connect.</param>
    /// <returns>The server's CONNACK.</returns>
    /// <exception cref="MqttConnectException">The server refused the connection.</exception>
    /// <exception cref="MqttConnectTimeoutException">The TCP connect, TLS handshake or CONNACK took longer than <see cref="MqttClientOptions.ConnectTimeout"/>.</exception>
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

    /// <summary>Sends DISCONNECT, closes the connection and stops automatic reconnect.</summary>
    /// <param name="reasonCode">Reason; <see cref="MqttReasonCode.DisconnectWithWillMessage"/> asks the server to publish the will.</param>
    /// <param name="sessionExpiryIntervalSeconds">New session expiry interval, or null to keep it (MQTT 5.0).</param>
    /// <param name="cancellationToken">Cancels waiting for the DISCONNECT to be written.</param>
    /// <returns>A task that completes when the connection is closed.</returns>
    public async Task DisconnectAsync(MqttReasonCode reasonCode = MqttReasonCode.Success, uint? sessionExpiryIntervalSeconds = null, CancellationToken cancellationToken = default)
    {
        _stopped = true;
        await StopReconnectAsync().ConfigureAwait(false);
        var connection = _connection;
        if (connection is null || connection.IsClosed)
        {
            await WaitForReconnectLoopAsync().ConfigureAwait(false);
            FailFlights(new MqttNotConnectedException("The client was disconnected before the acknowledgement arrived."));
            return;
        }

        // Set before the DISCONNECT goes out: the server closes the socket once it has read it, and the
        // receive loop that sees the end of the stream must report this close, not a lost connection.
        var reason = new MqttConnectionClosed(true, reasonCode, null, null, null, false);
        connection.CloseReason = reason;
        try
        {
            connection.Channel.Enqueue(new DisconnectPacket { ReasonCode = reasonCode, SessionExpiryIntervalSeconds = sessionExpiryIntervalSeconds });
            await connection.Channel.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // Already broken: closing below is all that is left to do.
        }

        await CloseConnectionAsync(connection, reason).ConfigureAwait(false);
    }

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
            bool TimedOut() => timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested && !_lifetime.IsCancellationRequested;
            var phase = MqttConnectPhase.TcpConnect;
            Stream stream;
            try
            {
                stream = await _options.Transport.ConnectAsync(_options.Host, _options.Port, _options.Tls, p => phase = p, linked.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException && TimedOut())
            {
                // Without this the caller would see a bare cancellation it never asked for, and no message.
                throw new MqttConnectTimeoutException(_options.Host, _options.Port, phase, _options.ConnectTimeout, ex);
            }

            var channel = new MqttChannel(stream, _options.ProtocolVersion) { MaximumIncomingPacketSize = _options.MaximumPacketSize };
            ConnAckPacket connAck;
            try
            {
                channel.Enqueue(BuildConnect(cleanStart));
                connAck = await AwaitConnAckAsync(channel, linked.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException && TimedOut())
            {
                await channel.DisposeAsync().ConfigureAwait(false);
                throw new MqttConnectTimeoutException(_options.Host, _options.Port, MqttConnectPhase.ConnAck, _options.ConnectTimeout, ex);
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

            var connection = new MqttConnection(channel, connAck, _options, _lifetime.Token);
            channel.MaximumOutgoingPacketSize = connAck.MaximumPacketSize ?? MqttChannel.ProtocolMaximumPacketSize;
            channel.LastSendTimestamp = _time.GetTimestamp();
            ServerConnAck = connAck;
            ClientId = connAck.AssignedClientIdentifier ?? _options.ClientId;
            _connection = connection;
            _everConnected = true;
            MqttClientLog.Connected(_logger, _options.Host, _options.Port, ClientId, connAck.SessionPresent);

            RestoreSession(connection, connAck.SessionPresent);
            var keepAliveInterval = connAck.ServerKeepAliveSeconds is { } serverKeepAlive ? TimeSpan.FromSeconds(serverKeepAlive) : _options.KeepAlive;
            var keepAlive = keepAliveInterval > TimeSpan.Zero
                ? new MqttKeepAlive(connection, keepAliveInterval, _options.KeepAliveResponseTimeout, _time, () => CloseForKeepAliveTimeoutAsync(connection))
                : null;
            connection.Receiver = Task.Run(() => ReceiveLoopAsync(connection, keepAlive), CancellationToken.None);
            connection.Dispatcher = Task.Run(() => DispatchLoopAsync(connection), CancellationToken.None);
            connection.KeepAlive = keepAlive is null ? Task.CompletedTask : Task.Run(keepAlive.RunAsync, CancellationToken.None);
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
                    await ContinueConnectAuthenticationAsync(channel, auth, cancellationToken).ConfigureAwait(false);
                    break;
                case null:
                    throw new MqttNotConnectedException("The server closed the connection before CONNACK.");
                default:
                    throw MqttProtocolException.Protocol("[MQTT-3.2.0-1]", $"Expected CONNACK (or AUTH), received {packet.Type}.");
            }
        }
    }

    /// <summary>Brings the session state in line with the server's after a CONNACK.</summary>
    private void RestoreSession(MqttConnection connection, bool sessionPresent)
    {
        var flights = _session.FlightsInOrder();
        if (!sessionPresent)
        {
            // [MQTT-4.1.0-1]/[MQTT-3.2.2-4]: the server has no session, so server-side state is gone.
            _session.ClearIncoming();
            _session.ReleaseRetiredIdentifiers();
            RestoreSubscriptions(connection);
        }

        ResendFlights(connection, flights, sessionPresent);
    }

    private async Task CloseForKeepAliveTimeoutAsync(MqttConnection connection)
    {
        await SendDisconnectQuietlyAsync(connection.Channel, MqttReasonCode.KeepAliveTimeout, "PINGRESP timeout").ConfigureAwait(false);
        await connection.Channel.DisposeAsync().ConfigureAwait(false);
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

    /// <summary>
    /// Tears a connection down once (later callers wait for the first): stops its loops, fails what
    /// waited on it, reports the close and, when the loss was not asked for, starts reconnecting.
    /// </summary>
    private async Task CloseConnectionAsync(MqttConnection connection, MqttConnectionClosed reason)
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
}
