using Microsoft.Extensions.Logging;
using Vedliot.Messaging.Packets;

namespace Vedliot.Messaging.Client;

/// <summary>
/// An MQTT 5.0 / 3.1.1 client: QoS 0/1/2 in both directions, session resumption, automatic
/// reconnect with back-off, keep alive, topic aliases, flow control and enhanced authentication.
/// Thread-safe; events are awaited in order.
/// </summary>
/// <remarks>
/// The client is one class in several files, one concern each: connecting and closing
/// (<c>MqttClient.Connection.cs</c>), automatic reconnect (<c>MqttClient.Reconnect.cs</c>), outgoing
/// PUBLISH flows (<c>MqttClient.OutgoingPublish.cs</c>), the receive loop (<c>MqttClient.Receive.cs</c>),
/// incoming PUBLISH flows (<c>MqttClient.IncomingPublish.cs</c>), subscriptions
/// (<c>MqttClient.Subscriptions.cs</c>) and enhanced authentication (<c>MqttClient.Authentication.cs</c>).
/// State of one connection is an <see cref="MqttConnection"/>; state that outlives it is the <see cref="MqttSession"/>.
/// </remarks>
public sealed partial class MqttClient : IAsyncDisposable
{
    private readonly MqttClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly MqttSession _session = new();
    private readonly CancellationTokenSource _lifetime = new();
    private MqttConnection? _connection;
    private volatile bool _stopped = true;
    private int _disposed;

    /// <summary>The settings the client was created with (not to be changed), e.g. to open a second session to the same broker as the same user.</summary>
    public MqttClientOptions Options => _options;

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

    private MqttConnection RequireConnection() =>
        _connection is { IsClosed: false } connection ? connection : throw new MqttNotConnectedException();

    /// <summary>Awaits each handler in turn; a failing handler is logged and does not stop the others.</summary>
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
}
