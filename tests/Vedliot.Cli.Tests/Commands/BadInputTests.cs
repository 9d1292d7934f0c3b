using Vedliot.Testing;

namespace Vedliot.Cli.Tests.Commands;

/// <summary>
/// Every verb over bad input: each case must fail before any work starts (no model loaded, no broker
/// or TPM reached), with exit code 1, a message naming the culprit, and no stack trace.
/// </summary>
public sealed class BadInputTests
{
    private static readonly string Model = RepositoryPaths.WakeWordModel("melspectrogram.onnx");
    private static readonly string Platform = Path.Combine(RepositoryPaths.Root, "platforms", "recs-box.yaml");
    private static readonly string Manifest = Path.Combine(RepositoryPaths.Root, "usecases", "smart-home", "deploy.yaml");
    private static readonly string Folder = Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory);
    private static readonly string Missing = Path.Combine(Folder, "no-such-file.onnx");
    private static readonly string MissingFolder = Path.Combine(Folder, "no-such-folder");
    private static readonly string MissingParent = Path.Combine(Folder, "no-such-folder", "out.json");
    private static readonly string UnderAFile = Path.Combine(Model, "inside");
    private static readonly string Digest = new('a', 64);

    /// <summary>The arguments, and the text the error must contain to name the culprit.</summary>
    public static TheoryData<string[], string> Cases { get; } = new()
    {
        // run
        { ["run", Missing], Missing },
        { ["run", Folder], $"{Folder} is a folder" },
        { ["run", Model, "--threads", "-1"], "--threads -1: expected a whole number from 0 to 256" },
        { ["run", Model, "--threads", "100000"], "--threads 100000: expected a whole number from 0 to 256" },
        { ["run", Model, "--threads", "many"], "--threads many" },
        { ["run", Model, "-n", "0"], "--partitions 0: expected a whole number from 1 to 10000" },
        { ["run", Model, "-n", "99999999999"], "--partitions 99999999999" },
        { ["run", Model, "--partitions", "two"], "--partitions two" },
        { ["run", Model, "--repeat", "abc"], "--repeat abc: expected a whole number from 1 to 100000" },
        { ["run", Model, "--repeat", "0"], "--repeat 0" },
        { ["run", Model, "--repeat", "100001"], "--repeat 100001" },
        { ["run", Model, "--rtol", "-1"], "--rtol -1: expected a finite number at least 0" },
        { ["run", Model, "--rtol", "NaN"], "--rtol NaN" },
        { ["run", Model, "--atol", "Infinity"], "--atol Infinity" },
        { ["run", Model, "--atol", "tiny"], "--atol tiny" },
        { ["run", Model, "--dim", "N=1000000000"], "--dim N=1000000000: expected NAME=SIZE with SIZE a whole number from 1 to 1048576" },
        { ["run", Model, "--dim", "N=0"], "--dim N=0" },
        { ["run", Model, "--dim", "N"], "--dim N" },
        { ["run", Model, "--seed", "x"], "--seed x" },
        { ["run", Model, "--seed", "99999999999"], "--seed 99999999999" },
        { ["run", Model, "--input", Missing], $"--input {Missing}" },
        { ["run", Model, "--input", $"samples={Missing}"], $"--input samples={Missing}" },
        { ["run", Model, "--input", Folder], $"{Folder} is a folder" },
        { ["run", Model, "--save-partitions", Model], $"--save-partitions {Model}: {Model} is a file" },
        { ["run", Model, "--save-partitions", UnderAFile], $"{Model} is a file, not a folder" },
        { ["run", Model, "--cuts", "x"], "--cuts 'x'" },
        { ["run", Model, "--cuts", "3", "--cut-at", "t"], "give either --cuts or --cut-at" },
        { ["run", Model, "--rule", "Fastest"], "--rule" },
        { ["run", Model, "--provider-option", "novalue"], "--provider-option 'novalue'" },

        // profile
        { ["profile", Missing], Missing },
        { ["profile", Model, "--platform", Missing], $"--platform {Missing}: {Missing}: file not found" },
        { ["profile", Model, "--platform", Folder], $"--platform {Folder}: {Folder} is a folder" },
        { ["profile", Model, "--candidate-cuts", "-1"], "--candidate-cuts -1: expected a whole number from 0 to 1000" },
        { ["profile", Model, "--candidate-cuts", "1e9"], "--candidate-cuts 1e9" },
        { ["profile", Model, "--json", MissingParent], $"--json {MissingParent}: folder {MissingFolder} does not exist" },
        { ["profile", Model, "--json", Folder], $"--json {Folder}: {Folder} is a folder" },
        { ["profile", Model, "--report", UnderAFile], $"--report {UnderAFile}: {Model} is a file" },
        { ["profile", Model, "--threads", "-3"], "--threads -3" },
        { ["profile", Model, "--dim", "samples=-4"], "--dim samples=-4" },

        // place
        { ["place", Model], "--platform" },
        { ["place", Missing, "--platform", Platform], Missing },
        { ["place", Model, "--platform", Missing], $"--platform {Missing}" },
        { ["place", Model, "--platform", Platform, "--max-stages", "0"], "--max-stages 0: expected a whole number from 1 to 1001" },
        { ["place", Model, "--platform", Platform, "--max-stages", "lots"], "--max-stages lots" },
        { ["place", Model, "--platform", Platform, "--max-exposure", "1.5"], "--max-exposure 1.5" },
        { ["place", Model, "--platform", Platform, "--max-exposure", "-0.1"], "--max-exposure -0.1" },
        { ["place", Model, "--platform", Platform, "--pin", "99=a"], "--pin 99=a: expected BLOCK=MODULE with BLOCK a whole number from 1 to 13" },
        { ["place", Model, "--platform", Platform, "--pin", "0=a"], "--pin 0=a" },
        { ["place", Model, "--platform", Platform, "--pin", "first=a"], "--pin first=a" },
        { ["place", Model, "--platform", Platform, "--pin", "a"], "--pin 'a': expected KEY=VALUE" },
        { ["place", Model, "--platform", Platform, "--candidate-cuts", "3", "--pin", "5=a"], "--pin 5=a: expected BLOCK=MODULE with BLOCK a whole number from 1 to 4" },
        { ["place", Model, "--platform", Platform, "--objective", "EnergyDelayProduct"], "--objective 'EnergyDelayProduct': expected one of latency, energy, edp, throughput" },
        { ["place", Model, "--platform", Platform, "--require-attested", "AllStages"], "--require-attested 'AllStages': expected one of none, first, all" },
        { ["place", Model, "--platform", Platform, "--threads", "257"], "--threads 257" },
        { ["place", Model, "--platform", Platform, "--dim", "N=1048577"], "--dim N=1048577" },

        // discover
        { ["discover", "--platform", Missing], $"--platform {Missing}" },
        { ["discover", "--platform", Folder], $"--platform {Folder}" },
        { ["discover", "--root", MissingFolder], $"--root {MissingFolder}: {MissingFolder}: folder not found" },
        { ["discover", "--root", Model], $"--root {Model}: {Model} is a file" },

        // conformance
        { ["conformance", MissingFolder], $"{MissingFolder}: folder not found" },
        { ["conformance", Model], $"{Model} is a file, not a folder" },
        { ["conformance", Folder, "--threads", "-1"], "--threads -1" },

        // attest
        { ["attest", "status", "--state", Model], $"--state {Model}: {Model} is a file" },
        { ["attest", "status", "--state", UnderAFile], $"--state {UnderAFile}: {Model} is a file" },
        { ["attest", "enroll", "--state", Model], $"--state {Model}" },
        { ["attest", "enroll", "--ca", Missing], $"--ca {Missing}: {Missing}: file not found" },
        { ["attest", "verify"], "--artefact" },
        { ["attest", "verify", "--artefact", $"model={Missing}", "--golden", $"model={Model}"], $"--artefact model={Missing}" },
        { ["attest", "verify", "--artefact", $"model={Model}", "--golden", $"model={Missing}"], $"--golden model={Missing}" },
        { ["attest", "verify", "--artefact", $"model={Model}", "--policy", Missing], $"--policy {Missing}" },
        { ["attest", "verify", "--artefact", $"firmware={Model}", "--golden", $"model={Model}"], $"--artefact firmware={Model}: artefact type 'firmware' is unknown" },
        { ["attest", "verify", "--artefact", Model, "--golden", $"model={Model}"], $"--artefact {Model}: expected TYPE=PATH" },
        { ["attest", "verify", "--artefact", $"model={Model}", "--policy", Folder], $"--policy {Folder}: {Folder} is a folder" },

        // deploy
        { ["deploy", Manifest], "--ek-ca" },
        { ["deploy", Missing, "--ek-ca", Model], Missing },
        { ["deploy", Manifest, "--ek-ca", Missing], $"--ek-ca {Missing}" },
        { ["deploy", Manifest, "--ek-ca", Model, "--allow-agent", "not-hex"], "--allow-agent not-hex: expected a node agent build folder, or a SHA-256 digest of 64 hexadecimal digits" },
        { ["deploy", Manifest, "--ek-ca", Model, "--allow-agent", new string('g', 64)], $"--allow-agent {new string('g', 64)}" },
        { ["deploy", Manifest, "--ek-ca", Model, "--allow-agent", Digest[..63]], $"--allow-agent {Digest[..63]}" },
        { ["deploy", Manifest, "--ek-ca", Model, "--duration", "-5"], "--duration -5: expected a number greater than 0 and at most 2000000" },
        { ["deploy", Manifest, "--ek-ca", Model, "--duration", "0"], "--duration 0" },
        { ["deploy", Manifest, "--ek-ca", Model, "--duration", "1e12"], "--duration 1e12" },
        { ["deploy", Manifest, "--ek-ca", Model, "--duration", "soon"], "--duration soon" },
        { ["deploy", Manifest, "--ek-ca", Model, "--state", Model], $"--state {Model}" },
        { ["deploy", Manifest, "--ek-ca", Model, "--password-file", Missing], $"--password-file {Missing}" },
        { ["deploy", Manifest, "--ek-ca", Model, "--tls", "--broker-ca", Missing], $"--broker-ca {Missing}" },
        { ["deploy", Manifest, "--ek-ca", Model, "--tls", "--client-cert", Missing, "--client-key", Model], $"--client-cert {Missing}" },

        // status
        { ["status", "--wait", "-1"], "--wait -1: expected a number at least 0 and at most 3600" },
        { ["status", "--wait", "1e9"], "--wait 1e9" },
        { ["status", "--wait", "NaN"], "--wait NaN" },
        { ["status", "--broker", "no-port"], "--broker 'no-port': expected HOST:PORT" },
        { ["status", "--broker", "localhost:70000"], "--broker 'localhost:70000'" },
        { ["status", "--password-file", Folder], $"--password-file {Folder}: {Folder} is a folder" },
        { ["status", "--tls", "--client-key", Missing], $"--client-key {Missing}" },

        // demo
        { ["demo", "no-such-use-case"], "demo 'no-such-use-case': no such use case or folder; the use cases in " },
        { ["demo", MissingFolder], $"demo '{MissingFolder}': no such use case or folder" },
        { ["demo", Folder], $"demo '{Folder}': the folder {Folder} holds no deploy.yaml" },
        { ["demo"], "Required argument 'usecase' missing" },
        { ["demo", "smart-home", "--kill-after", "-1"], "--kill-after -1: expected a number at least 0 and at most 3600" },
        { ["demo", "smart-home", "--kill-after", "later"], "--kill-after later" },
        { ["demo", "smart-home", "--kill", "no-such-node"], "--kill 'no-such-node': no such node; nodes are " },
        { ["demo", "smart-home", "--no-such-flag"], "demo smart-home: unknown argument '--no-such-flag'; the smart-home app takes --say TEXT, --wav PATH or --mic[=DEVICE], and --json (app Vedliot.UseCases.SmartHome: " },
        { ["demo", "smart-home", "--say", "hey jarvis", "again"], "demo smart-home: unknown argument 'again'" },
        { ["demo", "smart-home", "--say"], "demo smart-home: --say: expected the text to say" },
        { ["demo", "smart-home", "--say", " "], "demo smart-home: --say ' ': expected something to say" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_input_fails_before_any_work_with_exit_code_1_and_a_message_naming_the_culprit(string[] args, string culprit)
    {
        var (exitCode, output, error) = CliRunner.Run(args);

        Assert.True(exitCode == 1, $"exit {exitCode}: {error}");
        Assert.Contains(culprit, error, StringComparison.Ordinal);
        Assert.Empty(output);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", error, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", error, StringComparison.Ordinal);
    }

    [Fact]
    public void There_are_at_least_sixty_bad_input_cases_covering_every_verb()
    {
        var verbs = Cases.Select(c => ((string[])c[0])[0]).ToHashSet(StringComparer.Ordinal);

        Assert.True(Cases.Count >= 60, $"{Cases.Count} cases");
        Assert.Superset(new HashSet<string>(["run", "profile", "place", "discover", "conformance", "attest", "deploy", "status", "demo"], StringComparer.Ordinal), verbs);
    }

    [Fact]
    public void Place_help_lists_exactly_the_words_the_parser_accepts()
    {
        var (exitCode, output, _) = CliRunner.Run("place", "--help");

        Assert.Equal(0, exitCode);
        Assert.Contains("--objective <latency|energy|edp|throughput>", output, StringComparison.Ordinal);
        Assert.Contains("--require-attested <none|first|all>", output, StringComparison.Ordinal);
        Assert.DoesNotContain("EnergyDelayProduct", output, StringComparison.Ordinal);
        Assert.DoesNotContain("AllStages", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_exception_no_verb_handles_is_one_line_asking_for_a_report_with_exit_code_70(bool inAValidator)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = VedliotCli.Invoke(() => Crashing(inAValidator), ["crash", "--value", "1"], output, error);

        Assert.Equal(70, exitCode);
        Assert.Equal($"vedliot: internal error: System.InvalidOperationException: the impossible happened (please report this){Environment.NewLine}", error.ToString());
        Assert.Empty(output.ToString());
    }

    private static System.CommandLine.RootCommand Crashing(bool inAValidator)
    {
        var value = new System.CommandLine.Option<int>("--value");
        var command = new System.CommandLine.Command("crash") { value };
        if (inAValidator)
        {
            value.Validators.Add(_ => throw new InvalidOperationException("the impossible happened"));
        }

        command.SetAction(int (_) => throw new InvalidOperationException("the impossible happened"));
        return new System.CommandLine.RootCommand { command };
    }
}
