using Spectre.Console;
using Vedliot.Hosting.Profiling;
using Vedliot.Runtime.Profiling;

namespace Vedliot.Cli.Commands;

/// <summary>Runs a profile with a progress bar on a terminal, and silently otherwise.</summary>
internal static class ProfilingWithProgress
{
    public static Task<ProfileReport> RunAsync(CliContext context, ProfileRequest request, CancellationToken cancellationToken)
    {
        if (!context.Console.Profile.Capabilities.Interactive)
        {
            return ModelProfile.ExecuteAsync(request, cancellationToken: cancellationToken);
        }

        return context.Console.Progress().StartAsync(progress =>
        {
            var task = progress.AddTask("profiling");
            return ModelProfile.ExecuteAsync(
                request,
                new Progress<ProfilerProgress>(p =>
                {
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = p.Done;
                    task.Description = Markup.Escape(p.Current);
                }),
                cancellationToken);
        });
    }
}
