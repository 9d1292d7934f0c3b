using System.Text.Json;
using Google.Protobuf;
using Onnx;
using Vedliot.Runtime.Models;
using Vedliot.Testing;

namespace Vedliot.Cli.Tests.Commands;

public sealed class RunCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Melspectrogram => RepositoryPaths.WakeWordModel("melspectrogram.onnx");

    [Fact]
    public void Run_prints_one_row_per_partition_and_that_the_outputs_match()
    {
        var (exitCode, output, error) = CliRunner.Run("run", Melspectrogram, "--partitions", "3", "--dim", "samples=4000", "--repeat", "1");

        Assert.True(exitCode == 0, error);
        Assert.Contains("1/3", output, StringComparison.Ordinal);
        Assert.Contains("3/3", output, StringComparison.Ordinal);
        Assert.Contains("whole model", output, StringComparison.Ordinal);
        Assert.Contains("Outputs match the unsplit model", output, StringComparison.Ordinal);
        Assert.Contains("input float32[1,4000]  (random, seed 42)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_with_json_reports_partitions_crossing_tensors_and_the_match()
    {
        var (exitCode, output, _) = CliRunner.Run("run", Melspectrogram, "-n", "4", "--dim", "samples=4000", "--repeat", "1", "--json");

        Assert.Equal(0, exitCode);
        using var json = JsonDocument.Parse(output);
        var partitions = json.RootElement.GetProperty("partitions");
        Assert.Equal(4, partitions.GetArrayLength());
        Assert.Equal(20, partitions.EnumerateArray().Sum(p => p.GetProperty("operations").GetInt32()));
        Assert.All(partitions.EnumerateArray().SkipLast(1), p => Assert.True(p.GetProperty("crossingBytes").GetInt64() > 0));
        Assert.True(json.RootElement.GetProperty("match").GetProperty("matches").GetBoolean());
        Assert.Equal("CPUExecutionProvider", json.RootElement.GetProperty("provider").GetString());
    }

    [Fact]
    public void Run_reads_an_input_from_a_tensor_file_and_saves_loadable_partitions()
    {
        var input = new TensorProto { Name = "input", DataType = (int)TensorProto.Types.DataType.Float };
        input.Dims.AddRange([1, 2000]);
        input.FloatData.AddRange(Enumerable.Range(0, 2000).Select(i => (float)Math.Sin(i / 10.0) * 1000));
        var inputPath = _temp.File("input.pb");
        File.WriteAllBytes(inputPath, input.ToByteArray());
        var folder = _temp.File("parts");

        var (exitCode, output, error) = CliRunner.Run("run", Melspectrogram, "--cuts", "5,12", "--input", $"input={inputPath}", "--save-partitions", folder, "--repeat", "1");

        Assert.True(exitCode == 0, error);
        Assert.Contains($"({inputPath})", output, StringComparison.Ordinal);
        var saved = Directory.GetFiles(folder).Order().ToList();
        Assert.Equal(3, saved.Count);
        Assert.All(saved, path => Assert.NotEmpty(ModelGraph.Load(path).Operations));
        Assert.Equal([5, 7, 8], saved.Select(path => ModelGraph.Load(path).Operations.Count));
    }

    [Fact]
    public void A_truncated_model_is_one_clear_error_and_a_non_zero_exit()
    {
        var path = _temp.File("truncated.onnx");
        File.WriteAllBytes(path, File.ReadAllBytes(Melspectrogram)[..500]);

        var (exitCode, output, error) = CliRunner.Run("run", path);

        Assert.Equal(1, exitCode);
        Assert.Empty(output);
        Assert.StartsWith($"vedliot: error: {path}: not a valid ONNX model", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Theory]
    [InlineData("--partitions", "21", "the model has 20 operations, so it cannot be split into 21 partitions")]
    [InlineData("--cut-at", "real", "tensor 'real' does not separate the graph")]
    [InlineData("--provider", "CUDA", "execution provider 'CUDA' (CUDAExecutionProvider) is not available")]
    [InlineData("--provider", "Quantum", "execution provider 'Quantum' is unknown")]
    [InlineData("--input", "/nonexistent/input.npy", "/nonexistent/input.npy: file not found")]
    public void Bad_requests_are_one_clear_error_and_a_non_zero_exit(string option, string value, string message)
    {
        var (exitCode, _, error) = CliRunner.Run("run", Melspectrogram, option, value, "--dim", "samples=4000");

        Assert.Equal(1, exitCode);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--partitions", "0", "--partitions 0: expected a whole number from 1 to 10000")]
    [InlineData("--dim", "samples=lots", "--dim samples=lots: expected NAME=SIZE")]
    [InlineData("--cuts", "3,x", "--cuts 'x'")]
    public void Malformed_options_are_usage_errors_naming_the_option(string option, string value, string message)
    {
        var (exitCode, _, error) = CliRunner.Run("run", Melspectrogram, option, value);

        Assert.NotEqual(0, exitCode);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("conformance")]
    [InlineData("discover")]
    [InlineData("profile")]
    [InlineData("place")]
    [InlineData("attest")]
    public void Every_verb_has_help(string verb)
    {
        var (exitCode, output, _) = CliRunner.Run(verb, "--help");

        Assert.Equal(0, exitCode);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
        Assert.Contains($" {verb} ", output, StringComparison.Ordinal);
    }
}
