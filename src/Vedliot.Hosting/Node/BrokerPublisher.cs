using Vedliot.Messaging.Client;
using Vedliot.Messaging.Packets;

namespace Vedliot.Hosting.Node;

/// <summary>
/// Publishes through the agent's <see cref="MqttClient"/>, riding out a lost connection: a QoS 1/2 publish made
/// while the client is reconnecting waits for the next connection and is then sent (one already sent stays in
/// the client's session and completes after the reconnect anyway).
/// </summary>
internal sealed class BrokerPublisher
{
    private readonly MqttClient _client;
    private readonly Lock _lock = new();
    private TaskCompletionSource _nextConnection = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Creates the publisher; it follows the client's connections from now on.</summary>
    /// <param name="client">The client; not owned.</param>
    public BrokerPublisher(MqttClient client)
    {
        _client = client;
        _client.ConnectedAsync += OnConnectedAsync;
    }

    /// <summary>Whether the client is connected now.</summary>
    public bool IsConnected => _client.IsConnected;

    /// <summary>
    /// Publishes <paramref name="message"/>; when the client has no connection, waits for the next one and tries
    /// again. For QoS 1/2 the task completes when the broker acknowledged the message: awaiting it is back-pressure.
    /// </summary>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Gives up waiting (for a connection or the acknowledgement).</param>
    /// <returns>The broker's answer.</returns>
    public async Task<MqttPublishResult> PublishAsync(MqttApplicationMessage message, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task next;
            lock (_lock)
            {
                next = _nextConnection.Task;
            }

            try
            {
                return await _client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
            }
            catch (MqttNotConnectedException)
            {
                // A connection made since 'next' was taken has completed it already: then this retries at once.
                await next.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Hands <paramref name="message"/> to the client now, without riding out a lost connection: the caller retries
    /// (see <see cref="WaitForConnectionAsync"/>) when the task fails with <see cref="MqttNotConnectedException"/>.
    /// Messages handed over one after another from one thread are sent in that order while the connection holds.
    /// </summary>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Gives up waiting for the acknowledgement (a message already sent is still delivered).</param>
    /// <returns>The broker's answer (for QoS 1/2 once acknowledged).</returns>
    public Task<MqttPublishResult> StartPublish(MqttApplicationMessage message, CancellationToken cancellationToken) => _client.PublishAsync(message, cancellationToken);

    /// <summary>Completes when the client is connected: at once when it is now, otherwise at its next connection.</summary>
    /// <param name="cancellationToken">Gives up waiting.</param>
    /// <returns>A task that completes when connected.</returns>
    public Task WaitForConnectionAsync(CancellationToken cancellationToken)
    {
        Task next;
        lock (_lock)
        {
            next = _nextConnection.Task;
        }

        // Taken before looking: a connection made in between has completed 'next' already.
        return _client.IsConnected ? Task.CompletedTask : next.WaitAsync(cancellationToken);
    }

    /// <summary>Completes at the client's next connection (not the current one).</summary>
    /// <param name="cancellationToken">Gives up waiting.</param>
    /// <returns>A task that completes when the client has connected again.</returns>
    public Task WaitForNextConnectionAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return _nextConnection.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Publishes <paramref name="message"/> if the client is connected now; otherwise drops it (for QoS 0 reports).</summary>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels the publish.</param>
    /// <returns>True when it was handed to the client.</returns>
    public async Task<bool> TryPublishNowAsync(MqttApplicationMessage message, CancellationToken cancellationToken)
    {
        try
        {
            var result = await _client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
            return result.IsSuccess;
        }
        catch (MqttNotConnectedException)
        {
            return false;
        }
    }

    private Task OnConnectedAsync(MqttConnectionEstablished connection)
    {
        TaskCompletionSource reached;
        lock (_lock)
        {
            reached = _nextConnection;
            _nextConnection = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        reached.TrySetResult();
        return Task.CompletedTask;
    }
}
