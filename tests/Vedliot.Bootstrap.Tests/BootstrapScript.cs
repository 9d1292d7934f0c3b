using System.Diagnostics;

namespace Vedliot.Bootstrap.Tests;

/// <summary>Runs eng/bootstrap.sh or eng/bootstrap/apt-resolve.sh with bash and captures what it prints.</summary>
internal static class BootstrapScript
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>The repository root: the nearest folder above the test binaries holding Vedliot.sln.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static Task<ScriptResult> ResolveAsync(string spec, string fixture) =>
        RunAsync("eng/bootstrap/apt-resolve.sh", "--resolve", spec, Fixture(fixture));

    public static async Task<ScriptResult> RunAsync(string script, params string[] args)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot,
        };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot, script));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} {string.Join(' ', args)} did not finish within {Timeout}");
        }

        return new ScriptResult(process.ExitCode, await output, await error);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Vedliot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Vedliot.sln above {AppContext.BaseDirectory}");
    }
}

/// <summary>A finished script: its exit code and everything it wrote.</summary>
internal sealed record ScriptResult(int ExitCode, string Output, string Error);
