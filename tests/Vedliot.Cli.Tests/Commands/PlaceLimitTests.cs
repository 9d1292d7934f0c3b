using System.Diagnostics;
using System.Text;
using Vedliot.Testing;

namespace Vedliot.Cli.Tests.Commands;

public sealed class PlaceLimitTests
{
    [Fact]
    public void Place_on_a_descriptor_with_more_modules_than_the_exact_solver_takes_is_refused_before_profiling()
    {
        using var directory = new TempDirectory();
        var descriptor = directory.File("thirteen.yaml");
        File.WriteAllText(descriptor, Descriptor(13));
        var clock = Stopwatch.StartNew();

        var (exitCode, output, error) = CliRunner.Run("place", RepositoryPaths.WakeWordModel("embedding_model.onnx"), "--platform", descriptor, "--no-cache");

        Assert.Equal(1, exitCode);
        Assert.Empty(output);
        Assert.StartsWith($"vedliot: error: {descriptor}: 13 modules could host a stage", error, StringComparison.Ordinal);
        Assert.Contains("more than the 12 the exact placement solver takes", error, StringComparison.Ordinal);
        Assert.Contains("exclude at least 1 of them (vedliot place --exclude", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), clock.Elapsed.ToString());
    }

    private static string Descriptor(int modules)
    {
        var text = new StringBuilder("platform: thirteen\nchassis: test\nmodules:\n");
        for (var m = 0; m < modules; m++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $$"""
                  - id: m{{m}}
                    kind: asic
                    vendor: Acme
                    product: Acme NPU
                    peak_ops_per_second: { fp32: 1e12 }
                    memory: { capacity_gib: 1, bandwidth_gb_per_s: 10 }
                    power: { idle_watts: 1, active_watts: 10 }
                    call_overhead_ms: 0.5
                    efficiency: 0.5
                    operators: all
                    backend: emulated

                """);
        }

        return text.ToString();
    }
}
