using System.Text.Json;
using Vedliot.Testing;

namespace Vedliot.Cli.Tests.Commands;

public sealed class AttestCommandTests : IDisposable
{
    private readonly TempDirectory _state = new();
    private readonly TempDirectory _files = new();

    public void Dispose()
    {
        _state.Dispose();
        _files.Dispose();
    }

    private string Artefact(string name, string content)
    {
        var path = _files.File(name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void An_enrolled_node_is_trusted_with_golden_artefacts_and_untrusted_with_a_changed_one()
    {
        var model = Artefact("stage-1.onnx", "model bytes");
        var golden = Artefact("golden.onnx", "model bytes");

        var enroll = CliRunner.Run("attest", "enroll", "--state", _state.Path, "--node", "cam-1");
        Assert.True(enroll.ExitCode == 0, enroll.Error);
        Assert.Contains("enrolled cam-1 (TPM: emulated", enroll.Output, StringComparison.Ordinal);

        var trusted = CliRunner.Run("attest", "verify", "--state", _state.Path, "--node", "cam-1", "--artefact", $"model={model}", "--golden", $"model={golden}", "--json");
        Assert.True(trusted.ExitCode == 0, trusted.Output + trusted.Error);
        using (var json = JsonDocument.Parse(trusted.Output))
        {
            Assert.True(json.RootElement.GetProperty("trusted").GetBoolean());
            var logged = Assert.Single(json.RootElement.GetProperty("log").EnumerateArray());
            Assert.Equal("stage-1.onnx", logged.GetProperty("name").GetString());
        }

        File.WriteAllText(model, "tampered model bytes");
        var untrusted = CliRunner.Run("attest", "verify", "--state", _state.Path, "--node", "cam-1", "--artefact", $"model={model}", "--golden", $"model={golden}");
        Assert.Equal(4, untrusted.ExitCode);
        Assert.Contains("untrusted (DigestNotAllowed)", untrusted.Output, StringComparison.Ordinal);

        var status = CliRunner.Run("attest", "status", "--state", _state.Path, "--json");
        using var nodes = JsonDocument.Parse(status.Output);
        var node = Assert.Single(nodes.RootElement.EnumerateArray());
        Assert.Equal("cam-1", node.GetProperty("node").GetString());
        Assert.NotEqual(JsonValueKind.Null, node.GetProperty("enrolledAt").ValueKind);
        Assert.False(node.GetProperty("last").GetProperty("trusted").GetBoolean());
    }

    [Fact]
    public void A_tpm_restored_to_an_earlier_state_is_refused_by_a_later_verify_run_while_restarts_pass()
    {
        var model = Artefact("stage-1.onnx", "model bytes");
        string[] verify = ["attest", "verify", "--state", _state.Path, "--node", "cam-1", "--artefact", $"model={model}", "--golden", $"model={model}"];
        Assert.Equal(0, CliRunner.Run("attest", "enroll", "--state", _state.Path, "--node", "cam-1").ExitCode);
        var first = CliRunner.Run(verify);
        Assert.True(first.ExitCode == 0, first.Output + first.Error);

        // The emulated TPM is stopped between runs: copy its state, as an attacker with the disk would.
        var state = Path.Combine(_state.Path, "tpm", "state");
        var snapshot = _files.File("snapshot");
        Copy(state, snapshot);
        for (var run = 0; run < 2; run++)
        {
            var restarted = CliRunner.Run(verify); // every run restarts the TPM: a TPM Reset, which passes
            Assert.True(restarted.ExitCode == 0, restarted.Output + restarted.Error);
        }

        Directory.Delete(state, recursive: true);
        Copy(snapshot, state);
        var rolledBack = CliRunner.Run([.. verify, "--json"]);

        Assert.Equal(4, rolledBack.ExitCode);
        using var json = JsonDocument.Parse(rolledBack.Output);
        Assert.Equal("TpmRolledBack", json.RootElement.GetProperty("failure").GetString());
        Assert.StartsWith("TPM rolled back: resetCount went back", json.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }

    [Fact]
    public void A_node_that_never_enrolled_is_not_trusted()
    {
        var model = Artefact("m.onnx", "bytes");

        var (exitCode, output, _) = CliRunner.Run("attest", "verify", "--state", _state.Path, "--node", "stranger", "--artefact", $"model={model}", "--golden", $"model={model}");

        Assert.Equal(4, exitCode);
        Assert.Contains("untrusted (NotEnrolled)", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--tpm", "/dev/tpmrm0", "give the certificates of the CA that signed this TPM's EK certificate with --ca")]
    [InlineData("--artefact", "firmware=x.bin", "artefact type 'firmware' is unknown")]
    [InlineData("--node", "../escape", "is not a valid node id")]
    public void Bad_attestation_requests_are_one_clear_error(string option, string value, string message)
    {
        var model = Artefact("m.onnx", "bytes");
        var args = new List<string> { "attest", "verify", "--state", _state.Path, "--golden", $"model={model}", option, value };
        if (option != "--artefact")
        {
            args.AddRange(["--artefact", $"model={model}"]);
        }

        var (exitCode, _, error) = CliRunner.Run([.. args]);

        Assert.Equal(1, exitCode);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }
}
