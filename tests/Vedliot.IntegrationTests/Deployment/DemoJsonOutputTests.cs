using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Vedliot.Testing;

namespace Vedliot.IntegrationTests.Deployment;

/// <summary>
/// <c>vedliot demo &lt;usecase&gt; ... --json</c> as a script runs it: standard output is the app's one JSON document and
/// nothing else, so it can be piped; the demo's own lines and closing tables go to standard error.
/// </summary>
public sealed class DemoJsonOutputTests
{
    private static readonly TimeSpan Safety = TimeSpan.FromMinutes(6);

    [Fact]
    public async Task With_json_standard_output_holds_only_the_apps_document()
    {
        using var temp = new TempDirectory();
        var recording = Path.Combine(temp.Path, "imbalance.csv");
        await File.WriteAllTextAsync(recording, ShaftOrderCsv(rpm: 1500, seconds: 3, sampleRateHz: 5000));

        var (exitCode, output, error) = await RunDemoAsync(temp.Path, "industrial", "--vibration", recording, "--rpm", "1500", "--json");

        Assert.True(exitCode == 0, error);
        using var document = JsonDocument.Parse(output);
        var file = Assert.Single(document.RootElement.GetProperty("recordings").EnumerateArray());
        Assert.Equal(recording, file.GetProperty("file").GetString());
        Assert.NotEmpty(file.GetProperty("windows").EnumerateArray());
        Assert.Contains("demo industrial: stopping node agents", error, StringComparison.Ordinal);
    }

    /// <summary>A pure 1× running-speed vibration (25 Hz at 1,500 rpm): the signature of imbalance.</summary>
    private static string ShaftOrderCsv(double rpm, int seconds, int sampleRateHz)
    {
        var csv = new StringBuilder("t,ax\n");
        for (var i = 0; i < seconds * sampleRateHz; i++)
        {
            var t = (double)i / sampleRateHz;
            csv.Append(CultureInfo.InvariantCulture, $"{t:0.000000},{0.3 * Math.Sin(2 * Math.PI * rpm / 60 * t):0.000000}\n");
        }

        return csv.ToString();
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunDemoAsync(string temp, params string[] arguments)
    {
        using var timeout = new CancellationTokenSource(Safety);
        using var cli = Process.Start(DemoProcess.StartInfo(temp, arguments))!;
        try
        {
            var output = cli.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = cli.StandardError.ReadToEndAsync(timeout.Token);
            await cli.WaitForExitAsync(timeout.Token);
            return (cli.ExitCode, await output, await error);
        }
        finally
        {
            if (!cli.HasExited)
            {
                cli.Kill(entireProcessTree: true);
            }
        }
    }
}
