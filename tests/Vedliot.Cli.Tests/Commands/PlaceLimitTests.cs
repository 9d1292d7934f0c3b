using System.Text;
using Vedliot.Testing;

namespace Vedliot.Cli.Tests.Commands;

public sealed class PlaceLimitTests
{
    [Fact]
    public void Place_on_a_chassis_of_fifteen_identical_modules_profiles_them_as_one_class_and_places()
    {
        using var directory = new TempDirectory();
        var descriptor = directory.File("fifteen.yaml");
        File.WriteAllText(descriptor, Descriptor(15));

        var (exitCode, output, error) = CliRunner.Run("place", RepositoryPaths.WakeWordModel("embedding_model.onnx"), "--platform", descriptor, "--no-cache", "--objective", "throughput");

        Assert.True(exitCode == 0, error);
        Assert.Contains("m0", output, StringComparison.Ordinal);
        Assert.DoesNotContain("heuristic", output, StringComparison.Ordinal);
        Assert.DoesNotContain("could host a stage", error, StringComparison.Ordinal);
    }

    private static string Descriptor(int modules)
    {
        var text = new StringBuilder("platform: fifteen\nchassis: test\nmodules:\n");
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
