using Spectre.Console;
using Vedliot.Cli.Commands;
using Vedliot.Cli.Output;
using Vedliot.Runtime.Deployment.Orchestration;
using Vedliot.Runtime.Deployment.Protocol;

namespace Vedliot.Cli.Deployment;

/// <summary>Starts a deployment and shows its status as it changes until stopped: redrawn in place on a terminal, one line per phase change otherwise.</summary>
internal static class LiveStatus
{
    public static async Task RunAsync(CliContext context, Orchestrator orchestrator, bool live, CancellationToken stop, Func<CancellationToken, Task>? whileRunning = null)
    {
        var interactive = live && context.Console.Profile.Capabilities.Interactive;
        DeploymentPhase? lastPhase = null;
        void OnStatus(DeploymentStatus status)
        {
            if (!interactive && status.Phase != lastPhase)
            {
                lastPhase = status.Phase;
                context.Out.WriteLine($"deployment {status.UseCase}: {status.Phase.ToString().ToLowerInvariant()}");
            }
        }

        orchestrator.StatusChanged += OnStatus;
        try
        {
            await orchestrator.StartAsync(stop);
            if (!interactive)
            {
                await RunUntilStoppedAsync(whileRunning, stop);
                return;
            }

            await context.Console.Live(DeploymentStatusView.Render(orchestrator.Status())).StartAsync(async live =>
            {
                void Redraw(DeploymentStatus status)
                {
                    live.UpdateTarget(DeploymentStatusView.Render(status));
                }

                orchestrator.StatusChanged += Redraw;
                try
                {
                    await RunUntilStoppedAsync(whileRunning, stop);
                }
                finally
                {
                    orchestrator.StatusChanged -= Redraw;
                }
            });
        }
        finally
        {
            orchestrator.StatusChanged -= OnStatus;
        }
    }

    private static async Task RunUntilStoppedAsync(Func<CancellationToken, Task>? whileRunning, CancellationToken stop)
    {
        try
        {
            if (whileRunning is not null)
            {
                await whileRunning(stop);
            }
            else
            {
                await Task.Delay(Timeout.Infinite, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Ctrl-C or the duration elapsed: a normal end.
        }
    }
}
