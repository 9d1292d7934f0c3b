using System.Text.Json;
using Vedliot.Testing;

namespace Vedliot.Cli.Tests.Commands;

public class PlaceCommandTests
{
    private static string Embedding => RepositoryPaths.WakeWordModel("embedding_model.onnx");

    private static string Descriptor => Path.Combine(RepositoryPaths.Root, "platforms", "urecs-edge.yaml");

    [Theory]
    [InlineData("latency")]
    [InlineData("energy")]
    [InlineData("edp")]
    [InlineData("throughput")]
    public void Place_prints_stages_on_the_platforms_modules_and_both_baselines(string objective)
    {
        var (exitCode, output, error) = CliRunner.Run("place", Embedding, "--platform", Descriptor, "--objective", objective, "--candidate-cuts", "3", "--no-cache");

        Assert.True(exitCode == 0, error);
        Assert.Contains("placement for", output, StringComparison.Ordinal);
        Assert.Contains("best single module", output, StringComparison.Ordinal);
        Assert.Contains("best two-way split", output, StringComparison.Ordinal);
        Assert.Contains("(emulated)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("local-cpu", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Place_json_never_puts_the_first_stage_on_an_unattested_module_when_attestation_is_required()
    {
        var (exitCode, output, error) = CliRunner.Run("place", Embedding, "--platform", Descriptor, "--require-attested", "first", "--attested", "jetson-nx", "--candidate-cuts", "3", "--no-cache", "--json");

        Assert.True(exitCode == 0, error);
        using var json = JsonDocument.Parse(output);
        var stages = json.RootElement.GetProperty("report").GetProperty("placement").GetProperty("stages");
        Assert.Equal("jetson-nx", stages[0].GetProperty("moduleId").GetString());
    }

    [Fact]
    public void An_attestation_requirement_no_module_meets_is_named()
    {
        var (exitCode, _, error) = CliRunner.Run("place", Embedding, "--platform", Descriptor, "--require-attested", "all", "--candidate-cuts", "3", "--no-cache");

        Assert.Equal(1, exitCode);
        Assert.StartsWith("vedliot: error: ", error, StringComparison.Ordinal);
        Assert.Contains("attest", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_objective_is_a_usage_error_listing_the_choices()
    {
        var (exitCode, _, error) = CliRunner.Run("place", Embedding, "--platform", Descriptor, "--objective", "speed");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("--objective 'speed': expected one of latency, energy, edp, throughput", error, StringComparison.Ordinal);
    }
}
