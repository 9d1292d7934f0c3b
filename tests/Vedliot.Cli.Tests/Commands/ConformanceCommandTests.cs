using System.Text.Json;
using Vedliot.Testing;

namespace Vedliot.Cli.Tests.Commands;

public class ConformanceCommandTests
{
    [Fact]
    public void Conformance_on_the_simple_suite_reports_counts_and_skip_reasons()
    {
        var (exitCode, output, error) = CliRunner.Run("conformance", Path.Combine(RepositoryPaths.OnnxBackendTestData, "simple"));

        Assert.True(exitCode == 0, error);
        Assert.Matches(@"^\d+ models: \d+ ran, \d+ passed, 0 failed, \d+ skipped", output);
        Assert.Contains("skipped simple/test_gradient_of_add: ONNX Runtime rejects the model", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Conformance_json_lists_every_model()
    {
        var (exitCode, output, _) = CliRunner.Run("conformance", Path.Combine(RepositoryPaths.OnnxBackendTestData, "simple"), "--json");

        Assert.Equal(0, exitCode);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(Directory.GetDirectories(Path.Combine(RepositoryPaths.OnnxBackendTestData, "simple")).Length, json.RootElement.GetProperty("results").GetArrayLength());
    }

    [Fact]
    public void A_missing_suite_folder_is_named()
    {
        var (exitCode, _, error) = CliRunner.Run("conformance", "/nonexistent/suite");

        Assert.Equal(1, exitCode);
        Assert.Contains("/nonexistent/suite: folder not found", error, StringComparison.Ordinal);
    }
}
