using System.Diagnostics;
using Vedliot.Testing;

namespace Vedliot.IntegrationTests.Deployment;

/// <summary>How the tests start <c>vedliot demo</c>: as a user starts it, from the repository, with its temp folder in one the test owns.</summary>
internal static class DemoProcess
{
    /// <summary>The start of <c>vedliot demo ARGUMENTS</c>, its output and errors redirected and its temp folder <paramref name="temp"/>.</summary>
    public static ProcessStartInfo StartInfo(string temp, params string[] arguments)
    {
        // env --default-signal: a signal ignored by whoever ran the tests (nohup ignores SIGHUP, a shell's background job
        // SIGINT) stays ignored across exec, and the runtime then never sees it; the CLI is started as a user starts it.
        var start = new ProcessStartInfo("env", ["--default-signal", "dotnet", Path.Combine(AppContext.BaseDirectory, "vedliot.dll"), "demo", .. arguments])
        {
            WorkingDirectory = RepositoryPaths.Root,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["TMPDIR"] = temp;
        return start;
    }
}
