using Spectre.Console;
using Vedliot.Cli.Running;
using Vedliot.Runtime.Profiling;

namespace Vedliot.Cli.Commands;

/// <summary>Runs a profile with a progress bar on a terminal, and silently otherwise.</summary>
internal static class ProfilingWithProgress
{
    public static ProfileReport Run(CliContext context, ProfileRequest request)
    {
        if (!context.Console.Profile.Capabilities.Interactive)
        {
            return ModelProfile.Execute(request, null);
        }

        return context.Console.Progress().Start(progress =>
        {
            var task = progress.AddTask("profiling");
            return ModelProfile.Execute(request, new Progress<ProfilerProgress>(p =>
            {
                task.MaxValue = Math.Max(1, p.Total);
                task.Value = p.Done;
                task.Description = Markup.Escape(p.Current);
            }));
        });
    }
}
