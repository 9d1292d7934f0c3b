using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Vedliot.Messaging.Client;
using Vedliot.Runtime.Deployment.Protocol;

namespace Vedliot.Runtime.Deployment.Orchestration;

/// <summary>
/// Publishes the deployment's status (retained) and raises <see cref="StatusChanged"/>: every interval, and soon after
/// each signalled change. One owned task does it, so a slow broker never holds up the control loop.
/// </summary>
internal sealed class StatusPublisher(MqttClient client, string topic, Func<DeploymentStatus> snapshot, TimeSpan interval, TimeProvider time, ILogger logger)
{
    private readonly Channel<bool> _changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private Task _loop = Task.CompletedTask;

    public event Action<DeploymentStatus>? StatusChanged;

    public void Start(CancellationToken cancellationToken) => _loop = Task.Run(() => RunAsync(cancellationToken), CancellationToken.None);

    /// <summary>Asks for a status soon (changes that come meanwhile share it).</summary>
    public void Signal() => _changes.Writer.TryWrite(true);

    /// <summary>Stops the loop and publishes the final status.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _changes.Writer.TryComplete();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await PublishAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        var tick = timer.WaitForNextTickAsync(cancellationToken).AsTask();
        var change = _changes.Reader.WaitToReadAsync(cancellationToken).AsTask();
        try
        {
            while (true)
            {
                var woke = await Task.WhenAny(tick, change).ConfigureAwait(false);
                if (woke == tick)
                {
                    if (!await tick.ConfigureAwait(false))
                    {
                        return;
                    }

                    tick = timer.WaitForNextTickAsync(cancellationToken).AsTask();
                }
                else
                {
                    if (!await change.ConfigureAwait(false))
                    {
                        return; // stopping
                    }

                    _changes.Reader.TryRead(out _);
                    change = _changes.Reader.WaitToReadAsync(cancellationToken).AsTask();
                }

                await PublishAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    private async Task PublishAsync(CancellationToken cancellationToken)
    {
        var status = snapshot();
        StatusChanged?.Invoke(status);
        if (!client.IsConnected)
        {
            return;
        }

        try
        {
            await client.PublishAsync(DeploymentMessages.Create(topic, ProtocolContentTypes.Status, status, retain: true), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is MqttNotConnectedException or IOException)
        {
            OrchestratorLog.BackgroundFailed(logger, e);
        }
    }
}
