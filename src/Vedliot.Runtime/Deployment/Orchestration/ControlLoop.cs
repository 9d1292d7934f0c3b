using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Vedliot.Runtime.Deployment.Orchestration;

/// <summary>
/// Runs the orchestrator's reactions (re-placements, re-admissions) one at a time on one owned task, in the order
/// they were queued, so that placements never interleave and receive handlers never wait for one.
/// </summary>
internal sealed class ControlLoop(ILogger logger)
{
    private readonly Channel<Func<CancellationToken, Task>> _work = Channel.CreateUnbounded<Func<CancellationToken, Task>>(new UnboundedChannelOptions { SingleReader = true });
    private Task _loop = Task.CompletedTask;

    public void Enqueue(Func<CancellationToken, Task> work) => _work.Writer.TryWrite(work);

    public void Start(CancellationToken cancellationToken) => _loop = Task.Run(() => RunAsync(cancellationToken), CancellationToken.None);

    /// <summary>Takes no more work and waits for the loop (cancel its token first to abandon the work under way).</summary>
    public async Task StopAsync()
    {
        _work.Writer.TryComplete();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        await foreach (var work in _work.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await work(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                OrchestratorLog.BackgroundFailed(logger, e);
            }
        }
    }
}
