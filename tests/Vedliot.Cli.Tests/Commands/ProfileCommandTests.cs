using System.Text.Json;
using Vedliot.Testing;

namespace Vedliot.Cli.Tests.Commands;

public sealed class ProfileCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Profile_prints_each_block_on_each_module_and_labels_emulated_figures()
    {
        var json = _temp.File("profile.json");

        var (exitCode, output, error) = CliRunner.Run(
            "profile", RepositoryPaths.WakeWordModel("embedding_model.onnx"), "--platform", Path.Combine(RepositoryPaths.Root, "platforms", "urecs-edge.yaml"), "--candidate-cuts", "2", "--no-cache", "--json", json);

        Assert.True(exitCode == 0, error);
        Assert.Contains("jetson-nx (emulated)", output, StringComparison.Ordinal);
        Assert.Contains("ᵐ modelled", output, StringComparison.Ordinal);
        Assert.Contains("3: ops", output, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var entries = document.RootElement.GetProperty("table").GetProperty("entries");
        var modules = document.RootElement.GetProperty("modules").GetArrayLength();
        Assert.Equal(3 * modules, entries.GetArrayLength());
    }

    [Fact]
    public void A_missing_platform_file_is_one_clear_error()
    {
        var (exitCode, _, error) = CliRunner.Run("profile", RepositoryPaths.WakeWordModel("embedding_model.onnx"), "--platform", "/nonexistent/box.yaml");

        Assert.Equal(1, exitCode);
        Assert.StartsWith("--platform /nonexistent/box.yaml: /nonexistent/box.yaml: file not found", error, StringComparison.Ordinal);
    }
}
