using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Vedliot.Attestation.Measurement;
using Vedliot.Attestation.Policy;
using Vedliot.Cli.Attestation;
using Vedliot.Cli.Output;
using Vedliot.Hosting.Tpm;
using Vedliot.Runtime;

namespace Vedliot.Cli.Commands;

/// <summary>
/// <c>vedliot attest enroll|verify|status</c>: TPM 2.0 remote attestation of a node, with the node and
/// the verifier in this process.
/// </summary>
internal static class AttestCommand
{
    /// <summary>Exit code of <c>attest verify</c> when the node is not trusted.</summary>
    public const int UntrustedExitCode = 4;

    public static Command Create(CliContext context)
    {
        var command = new Command("attest", "TPM 2.0 remote attestation: enroll a node's TPM, measure artefacts and verify a quote, show trust state.");
        command.Subcommands.Add(Enroll(context));
        command.Subcommands.Add(Verify(context));
        command.Subcommands.Add(Status(context));
        return command;
    }

    private static Option<string> Tpm() => new("--tpm")
    {
        Description = $"The node's TPM: '{NodeTpm.Emulated}' (swtpm, state kept in the workspace; labelled emulated), a device such as /dev/tpmrm0, or HOST:PORT of a TPM simulator.",
        DefaultValueFactory = _ => NodeTpm.Emulated,
    };

    private static Option<string> Node() => new("--node") { Description = "The node's id.", DefaultValueFactory = _ => "node-1" };

    private static Option<DirectoryInfo> Workspace() => new Option<DirectoryInfo>("--state") { Description = $"Where enrollments, keys and results are kept. Default: {AttestationWorkspace.DefaultRoot()}." }.OutputFolder();

    private static Option<List<string>> Cas() => new Option<List<string>>("--ca") { Description = "A CA certificate (PEM or DER) that EK certificates chain to (repeatable; the emulated TPM brings its own).", Arity = ArgumentArity.OneOrMore }.ExistingFile();

    private static AttestationWorkspace WorkspaceOf(ParseResult parse, Option<DirectoryInfo> option) =>
        new(parse.GetValue(option)?.FullName ?? AttestationWorkspace.DefaultRoot());

    private static Command Enroll(CliContext context)
    {
        var (tpm, node, state, cas, json) = (Tpm(), Node(), Workspace(), Cas(), CommonOptions.Json());
        var command = new Command("enroll", "Enroll the node: check its EK certificate against the CAs and prove with MakeCredential/ActivateCredential that its attestation key lives in the same TPM.")
        {
            tpm, node, state, cas, json,
        };
        command.SetAction((parse, cancellationToken) => context.GuardAsync(async () =>
        {
            var workspace = WorkspaceOf(parse, state);
            await using var nodeTpm = await NodeAttestation.OpenTpmAsync(parse.GetValue(tpm)!, workspace, parse.GetValue(cas) ?? [], cancellationToken);
            var result = await new NodeAttestation(workspace, context.TimeProvider).EnrollAsync(nodeTpm, parse.GetValue(node)!, cancellationToken);
            if (parse.GetValue(json))
            {
                context.Out.WriteLine(JsonOutput.Serialize(new { node = parse.GetValue(node), tpm = nodeTpm.Description, enrolled = result.Succeeded, failure = result.Failure.ToString(), detail = result.Detail }));
            }
            else
            {
                context.Console.MarkupLine(result.Succeeded
                    ? $"[green]enrolled[/] {Markup.Escape(parse.GetValue(node)!)} (TPM: {Markup.Escape(nodeTpm.Description)}): {Markup.Escape(result.Detail)}"
                    : $"[red]not enrolled[/] ({result.Failure}): {Markup.Escape(result.Detail)}");
            }

            return result.Succeeded ? 0 : CliContext.ErrorExitCode;
        }));
        return command;
    }

    private static Command Verify(CliContext context)
    {
        var (tpm, node, state, cas, json) = (Tpm(), Node(), Workspace(), Cas(), CommonOptions.Json());
        var artefacts = new Option<List<string>>("--artefact")
        {
            Description = $"An artefact the node loads, TYPE=PATH, measured into the TPM before the quote (repeatable). Types: {string.Join(", ", NodeAttestation.ArtefactTypeNames)}.",
            Arity = ArgumentArity.OneOrMore,
            Required = true,
        }.ExistingTypedFiles(NodeAttestation.ArtefactTypeNames);
        var policy = new Option<FileInfo>("--policy") { Description = "The attestation policy (JSON, golden digests per artefact type)." }.ExistingFile();
        var golden = new Option<List<string>>("--golden") { Description = "A golden artefact, TYPE=PATH, whose digest the policy allows (repeatable; instead of --policy).", Arity = ArgumentArity.OneOrMore }.ExistingTypedFiles(NodeAttestation.ArtefactTypeNames);
        var command = new Command("verify", "Measure artefacts into the node's TPM, then challenge it with a fresh nonce, quote and verify signature, nonce, PCRs and log against the policy.")
        {
            tpm, node, state, cas, artefacts, policy, golden, json,
        };
        command.SetAction((parse, cancellationToken) => context.GuardAsync(async () =>
        {
            var workspace = WorkspaceOf(parse, state);
            var measured = (parse.GetValue(artefacts) ?? []).Select(TypedPath).ToList();
            foreach (var missing in measured.Where(a => !File.Exists(a.Path)))
            {
                throw new VedliotException($"{missing.Path}: artefact not found");
            }

            var rules = PolicyOf(parse.GetValue(policy), parse.GetValue(golden));
            await using var nodeTpm = await NodeAttestation.OpenTpmAsync(parse.GetValue(tpm)!, workspace, parse.GetValue(cas) ?? [], cancellationToken);
            var nodeId = parse.GetValue(node)!;
            var (result, log) = await new NodeAttestation(workspace, context.TimeProvider).VerifyAsync(nodeTpm, nodeId, measured, rules, cancellationToken);
            var outcome = new AttestationOutcome(nodeId, nodeTpm.Description, result.Trusted, result.Failure.ToString(), result.Detail, result.VerifiedAt, [.. log.Events.Select(e => new LoggedArtefact(e.Sequence, e.Type.ToString(), e.Name, Convert.ToHexStringLower(e.Digest.Span)))]);
            await File.WriteAllTextAsync(workspace.LastResultPath(nodeId), JsonOutput.Serialize(outcome), cancellationToken);
            if (parse.GetValue(json))
            {
                context.Out.WriteLine(JsonOutput.Serialize(outcome));
            }
            else
            {
                AttestationView.Render(context.Console, nodeTpm.Description, result, log);
            }

            return result.Trusted ? 0 : UntrustedExitCode;
        }));
        return command;
    }

    private static Command Status(CliContext context)
    {
        var (state, json) = (Workspace(), CommonOptions.Json());
        var command = new Command("status", "Show each node's enrollment and the trust state of its last verification.") { state, json };
        command.SetAction((parse, cancellationToken) => context.GuardAsync(async () =>
        {
            var workspace = WorkspaceOf(parse, state);
            var nodes = Directory.Exists(workspace.NodesDirectory) ? Directory.GetDirectories(workspace.NodesDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList() : [];
            var rows = new List<object>();
            var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape($"nodes in {workspace.Root}"));
            table.AddColumns("node", "enrolled", "AK name", "trust", "last verified", "detail");
            foreach (var nodeId in nodes)
            {
                var record = await workspace.Enrollments.GetAsync(nodeId!, cancellationToken);
                var outcome = ReadOutcome(workspace.LastResultPath(nodeId!));
                rows.Add(new { node = nodeId, enrolledAt = record?.EnrolledAt, akName = record is null ? null : Convert.ToHexStringLower(record.AkName.Span), last = outcome });
                table.AddRow(
                    Markup.Escape(nodeId!),
                    record is null ? "[red]no[/]" : $"{record.EnrolledAt:u}",
                    record is null ? "-" : Convert.ToHexStringLower(record.AkName.Span)[..16] + "…",
                    outcome is null ? "unknown" : outcome.Trusted ? "[green]trusted[/]" : $"[red]untrusted ({outcome.Failure})[/]",
                    outcome is null ? "-" : $"{outcome.VerifiedAt:u}",
                    Markup.Escape(outcome?.Detail ?? "never verified"));
            }

            if (parse.GetValue(json))
            {
                context.Out.WriteLine(JsonOutput.Serialize(rows));
            }
            else
            {
                context.Console.Write(table);
            }

            return 0;
        }));
        return command;
    }

    private static AttestationOutcome? ReadOutcome(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<AttestationOutcome>(File.ReadAllText(path), JsonOutput.Options);
        }
        catch (JsonException e)
        {
            throw new VedliotException($"{path}: damaged result file ({e.Message}); verify the node again to replace it");
        }
    }

    private static AttestationPolicy PolicyOf(FileInfo? policy, List<string>? golden)
    {
        if (policy is not null && golden is { Count: > 0 })
        {
            throw new VedliotException("give either --policy or --golden, not both");
        }

        if (policy is not null)
        {
            if (!policy.Exists)
            {
                throw new VedliotException($"{policy.FullName}: policy file not found");
            }

            return AttestationPolicySerializer.Load(policy.FullName);
        }

        if (golden is not { Count: > 0 })
        {
            throw new VedliotException("give the golden values: --policy FILE, or --golden TYPE=PATH for each allowed artefact");
        }

        return NodeAttestation.GoldenPolicy(golden.Select(TypedPath));
    }

    private static (ArtefactType Type, string Path) TypedPath(string token)
    {
        if (!OptionParsing.TrySplit(token, out var type, out var path))
        {
            throw new VedliotException($"'{token}': expected TYPE=PATH, e.g. model=stage-1.onnx");
        }

        return (NodeAttestation.ParseArtefactType(type), Path.GetFullPath(path));
    }
}
