using System.Diagnostics;

namespace Vedliot.Testing;

/// <summary>
/// Debian's Chromium run headless on a local page, as the tests' real browser. It gets a fresh profile
/// folder, no network features, and is killed with its children if it outlives the time limit.
/// </summary>
public static class HeadlessChromium
{
    private const string Executable = "/usr/bin/chromium";

    /// <summary>The page's DOM after load and scripts, as Chromium serializes it.</summary>
    public static string DumpDom(string htmlPath, TimeSpan timeout)
    {
        if (!File.Exists(Executable))
        {
            throw new FileNotFoundException($"{Executable} is missing; run ./eng/bootstrap.sh --tests", Executable);
        }

        using var profile = new TempDirectory();
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", $"--user-data-dir={profile.Path}", "--virtual-time-budget=2000",
            "--dump-dom", new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri,
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"chromium did not finish rendering {htmlPath} within {timeout}");
        }

        return output.GetAwaiter().GetResult();
    }
}
