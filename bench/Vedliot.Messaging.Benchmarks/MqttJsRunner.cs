using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Vedliot.Messaging.Benchmarks;

/// <summary>Runs mqttjs-bench.cjs (MQTT.js installed by eng/bootstrap.sh) and parses its JSON result.</summary>
internal static class MqttJsRunner
{
    public const string MqttJsVersion = "5.16.0";

    public static async Task<JsonElement> RunAsync(int port, string mode, int qos, int count, int size)
    {
        var info = new ProcessStartInfo("node", $"\"{Path.Combine(AppContext.BaseDirectory, "mqttjs-bench.cjs")}\"")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["NODE_PATH"] = NodeModules();
        info.Environment["BENCH_URL"] = $"mqtt://127.0.0.1:{port}";
        info.Environment["BENCH_MODE"] = mode;
        info.Environment["BENCH_QOS"] = qos.ToString(CultureInfo.InvariantCulture);
        info.Environment["BENCH_COUNT"] = count.ToString(CultureInfo.InvariantCulture);
        info.Environment["BENCH_SIZE"] = size.ToString(CultureInfo.InvariantCulture);
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"MQTT.js benchmark failed ({process.ExitCode}): {await stderr}");
        }

        using var document = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
        return document.RootElement.Clone();
    }

    private static string NodeModules()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Vedliot.sln")))
            {
                var deps = Environment.GetEnvironmentVariable("VEDLIOT_DEPS_DIR") is { Length: > 0 } d ? d : Path.Combine(dir.FullName, ".deps");
                var modules = Path.Combine(deps, "node", "mqtt@" + MqttJsVersion, "node_modules");
                return Directory.Exists(modules) ? modules : throw new InvalidOperationException($"MQTT.js not found at {modules}; run eng/bootstrap.sh --tests.");
            }
        }

        throw new InvalidOperationException("Repository root not found.");
    }
}
