using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using Vedliot.Cli.Deployment;
using Vedliot.Cli.Output;
using Vedliot.Hosting.Broker;
using Vedliot.Hosting.Deployment;
using Vedliot.Hosting.Node;
using Vedliot.Messaging.Client;
using Vedliot.Runtime;
using Vedliot.Runtime.Deployment;

namespace Vedliot.Cli.Commands;

/// <summary>
/// <c>vedliot deploy</c>: deploys a use case's manifest on the nodes of a broker and keeps it running,
/// with a live status view, until Ctrl-C (or for <c>--duration</c>).
/// </summary>
internal static class DeployCommand
{
    public static Command Create(CliContext context)
    {
        var manifest = new Argument<FileInfo>("manifest") { Description = "The use case's deploy manifest (usecases/<name>/deploy.yaml)." }.ExistingFile();
        var broker = new BrokerCommandLine();
        var ekCas = new Option<List<FileInfo>>("--ek-ca")
        {
            Description = "CA certificate (PEM or DER) that nodes' TPM EK certificates chain to: the TPM vendors' EK CAs (repeatable).",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
        }.ExistingFile();
        var agents = new Option<List<string>>("--allow-agent") { Description = "A node agent build allowed to run besides the one shipped with this command: its folder (every file it executes is allowed, hashed as the agent measures them), or the SHA-256 (hex) of one of its files (repeatable).", Arity = ArgumentArity.OneOrMore };
        agents.Validators.Add(CheckAgentDigests);
        var state = new Option<DirectoryInfo>("--state") { Description = "Where node enrollments are kept.", DefaultValueFactory = _ => new DirectoryInfo(Path.Combine(".vedliot", "deploy")) }.OutputFolder();
        var duration = new Option<double?>("--duration") { Description = "Stop after this many seconds (default: run until Ctrl-C)." }.Number(0, MaxDurationSeconds, minExclusive: true);
        var command = new Command("deploy", "Deploy a use case: discover and attest the nodes on the broker, profile and place each pipeline, ship the stages to their nodes and run them, with a live status view.")
        {
            manifest, ekCas, agents, state, duration,
        };
        broker.AddTo(command);

        BrokerChecks.Add(broker);

        command.SetAction((parse, cancellationToken) => context.GuardAsync(async () =>
        {
            var settings = new DeploymentSettings
            {
                Manifest = DeployManifestReader.Load(parse.GetValue(manifest)!.FullName),
                EndorsementCas = [.. (parse.GetValue(ekCas) ?? []).Select(LoadCertificate)],
                AgentDigests = AgentDigests(await DeploymentSession.LocalAgentDigestsAsync(cancellationToken), parse.GetValue(agents) ?? []),
                EnrollmentDirectory = Path.Combine(parse.GetValue(state)!.FullName, "enrollments"),
                DependenciesDirectory = RepositoryLayout.DependenciesDirectory(),
            };
            var clientOptions = (await broker.BindAsync(parse, Environment.GetEnvironmentVariable, cancellationToken)).CreateClientOptions("vedliot-orchestrator", context.TimeProvider);
            await using var client = new MqttClient(clientOptions);
            await BrokerConnection.ConnectAsync(client, clientOptions, cancellationToken);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (parse.GetValue(duration) is { } limit)
            {
                stop.CancelAfter(TimeSpan.FromSeconds(limit));
            }

            await using (var orchestrator = DeploymentSession.Create(client, settings, context.TimeProvider, NullLoggerFactory.Instance))
            {
                await LiveStatus.RunAsync(context, orchestrator, live: true, stop.Token);
                context.Console.Write(DeploymentStatusView.Render(orchestrator.Status()));
            }

            await client.DisconnectAsync(cancellationToken: CancellationToken.None);
            return 0;
        }));
        return command;
    }

    // CancelAfter takes at most int.MaxValue milliseconds (24.8 days); a longer run is one without --duration.
    private const double MaxDurationSeconds = 2_000_000;

    private const int Sha256HexLength = 64;

    private static void CheckAgentDigests(System.CommandLine.Parsing.OptionResult result)
    {
        foreach (var token in result.Tokens)
        {
            if (!IsDigest(token.Value) && !Directory.Exists(token.Value))
            {
                result.AddError($"--allow-agent {token.Value}: expected a node agent build folder, or a SHA-256 digest of {Sha256HexLength} hexadecimal digits (sha256sum prints it)");
            }
        }
    }

    private static bool IsDigest(string token) => token.Length == Sha256HexLength && token.All(char.IsAsciiHexDigit);

    private static HashSet<string> AgentDigests(IReadOnlySet<string> local, IEnumerable<string> allowed)
    {
        var digests = new HashSet<string>(local, StringComparer.OrdinalIgnoreCase);
        foreach (var token in allowed)
        {
            digests.UnionWith(IsDigest(token) ? [token] : AgentBuild.Scan(token).Digests);
        }

        return digests;
    }

    private static X509Certificate2 LoadCertificate(FileInfo file)
    {
        if (!file.Exists)
        {
            throw new VedliotException($"--ek-ca {file.FullName}: file not found");
        }

        try
        {
            return X509CertificateLoader.LoadCertificateFromFile(file.FullName);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new VedliotException($"--ek-ca {file.FullName}: not a certificate (PEM or DER): {e.Message}");
        }
    }
}
