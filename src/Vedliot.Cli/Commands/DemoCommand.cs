using System.CommandLine;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vedliot.Cli.Deployment;
using Vedliot.Cli.Output;
using Vedliot.Hosting.Deployment;
using Vedliot.Hosting.LocalPlatform;
using Vedliot.Messaging.Client;
using Vedliot.Pipelines.Apps;
using Vedliot.Runtime;
using Vedliot.Runtime.Deployment;
using Vedliot.Runtime.Deployment.Protocol;
using Vedliot.Runtime.Platform.Descriptors;

namespace Vedliot.Cli.Commands;

/// <summary>
/// <c>vedliot demo &lt;usecase&gt;</c>: the whole platform on this machine. Starts a broker, a TPM simulator and a
/// node agent per module of the use case's platform descriptor, deploys the use case's manifest on them, runs the
/// app the manifest names (<see cref="UseCaseApps"/>) against the pipelines, prints a closing table per stage, and
/// stops everything. The demo knows no use case: what it runs comes from the use case's folder.
/// </summary>
internal static class DemoCommand
{
    // An app's run lasts seconds to minutes; a kill later than an hour would never strike.
    private const double MaxKillAfterSeconds = 3600;

    /// <summary>The app argument by which every use-case app is asked for one JSON document on standard output.</summary>
    private const string JsonArgument = "--json";

    public static Command Create(CliContext context)
    {
        var useCase = new Argument<string>("usecase") { Description = "The use case: a name under usecases/ (usecases/<name>/deploy.yaml) or a folder holding its deploy.yaml. Arguments after it that the demo does not know go to the use case's app." };
        var kill = new Option<string?>("--kill") { Description = "Kill this node's agent while the app runs, to watch its stages move to the remaining attested nodes." };
        var killAfter = new Option<double>("--kill-after") { Description = "Seconds after the app starts at which --kill strikes.", DefaultValueFactory = _ => 2 }.Number(0, MaxKillAfterSeconds);
        var verbose = new Option<bool>("--verbose") { Description = "Print the orchestrator's and the node agents' logs." };
        var command = new Command("demo", "Run a use case end to end on this machine: broker, one TPM simulator and node agent per module of its platform (emulated modules labelled as such), attestation, placement, the pipelines over MQTT, the use case's app (its manifest's 'app'), and a closing table per stage.")
        {
            useCase, kill, killAfter, verbose,
        };

        // What the demo does not recognise belongs to the app, which checks it before anything starts.
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, cancellationToken) => context.GuardAsync(async () =>
        {
            var manifest = DeployManifestReader.Load(UseCaseApps.ManifestOf(parse.GetValue(useCase)!));
            var name = manifest.UseCase;
            var app = UseCaseApps.Create(manifest);
            var appArguments = parse.UnmatchedTokens;
            UseCaseApps.CheckArguments(app, appArguments, manifest);
            var protocol = new DeploymentTopics();
            var access = AppAccess.For(manifest, protocol);
            var platformPath = manifest.PlatformDescriptor ?? throw new VedliotException($"{manifest.Source}: the demo needs a platform descriptor, not 'discover'");
            var platform = PlatformDescriptor.Load(platformPath);

            // Each module's node is named after it, so a wrong --kill is known before anything starts.
            if (parse.GetValue(kill) is { } target && !platform.Modules.Any(m => m.Id == target))
            {
                throw new VedliotException($"--kill '{target}': no such node; nodes are {string.Join(", ", platform.Modules.Select(m => m.Id).Order(StringComparer.Ordinal))}");
            }

            // The app writes lines from its own tasks, the agents from theirs: one line at a time. An app asked for a
            // JSON document (--json) owns standard output, so the document can be piped; the demo's own lines and
            // tables then go to standard error.
            var output = TextWriter.Synchronized(context.Out);
            var narrator = appArguments.Contains(JsonArgument) ? new CliContext(context.Error, context.Error, context.TimeProvider) : context;
            var narration = narrator == context ? output : TextWriter.Synchronized(context.Error);
            void Say(string line) => narration.WriteLine(line);

            // A model the project makes (trains) on first use is made, or found current, before anything starts.
            if (app is IUseCaseModelSource models)
            {
                await UseCaseApps.PrepareModelsAsync(models, Path.Combine(RepositoryLayout.DependenciesDirectory(), ModelReference.MadeModelsFolder), narration, manifest, cancellationToken);
            }

            Say($"demo {name}: starting a broker, {platform.Modules.Count} TPM simulators and {platform.Modules.Count} node agents ({platform.Name}; modules not present here are emulated)");
            await using var local = await LocalDeployment.StartAsync(
                platformPath,
                platform,
                new Dictionary<string, string> { [access.User] = access.TopicFilter },
                new Dictionary<string, IReadOnlyList<string>> { [access.User] = access.OwnTopicFilters },
                parse.GetValue(verbose) ? (node, line) => Say($"  [{node}] {line}") : null,
                cancellationToken);
            Say($"demo {name}: broker on {local.BrokerAddress}; node agents {string.Join(", ", local.Agents.Keys.Order(StringComparer.Ordinal))}");

            await using var orchestratorClient = new MqttClient(local.ClientOptions(LocalDeployment.OrchestratorUser, "vedliot-demo-orchestrator", context.TimeProvider));
            await orchestratorClient.ConnectAsync(cancellationToken);
            // The broker says "offline" for the app if its connection is lost; it says "online" itself once connected.
            var appOptions = local.ClientOptions(access.User, "vedliot-demo-app", context.TimeProvider);
            appOptions.Will = AppAvailability.Message(access.AvailabilityTopic, online: false);
            await using var appClient = new MqttClient(appOptions);
            await appClient.ConnectAsync(cancellationToken);
            await appClient.PublishAsync(AppAvailability.Message(access.AvailabilityTopic, online: true), cancellationToken);
            var settings = new DeploymentSettings
            {
                Manifest = manifest,
                EndorsementCas = local.EndorsementCas,
                AgentDigests = await DeploymentSession.LocalAgentDigestsAsync(cancellationToken),
                EnrollmentDirectory = Path.Combine(local.Directory, "enrollments"),
                DependenciesDirectory = RepositoryLayout.DependenciesDirectory(),
                ReattestationInterval = TimeSpan.FromSeconds(10),
            };
            using var loggers = parse.GetValue(verbose)
                ? LoggerFactory.Create(logging => logging.AddSimpleConsole(console => console.SingleLine = true).SetMinimumLevel(LogLevel.Information))
                : NullLoggerFactory.Instance;
            var exitCode = 0;
            await using (var orchestrator = DeploymentSession.Create(orchestratorClient, settings, context.TimeProvider, loggers))
            {
                var appContext = new UseCaseAppContext(appClient, UseCaseApps.Endpoints(manifest, protocol.Root), manifest.Directory, appArguments, output, context.TimeProvider)
                {
                    AvailabilityTopic = access.AvailabilityTopic,
                    Nodes = [.. local.Agents.Keys.Order(StringComparer.Ordinal)],
                };
                await LiveStatus.RunAsync(narrator, orchestrator, live: false, cancellationToken, async stop =>
                {
                    Say($"demo {name}: deployed; running its app ({manifest.App}) as broker user '{access.User}' on {string.Join(", ", access.OwnTopicFilters.Prepend(access.TopicFilter))}");
                    using var killer = parse.GetValue(kill) is { } victim ? KillLater(local, victim, parse.GetValue(killAfter), Say, stop) : null;
                    exitCode = await UseCaseApps.RunAsync(app, appContext, manifest, stop);
                });
                await appClient.PublishAsync(AppAvailability.Message(access.AvailabilityTopic, online: false), cancellationToken);
                await orchestrator.RefreshHealthAsync(TimeSpan.FromSeconds(5), cancellationToken);
                narrator.Console.Write(DeploymentStatusView.Render(orchestrator.Status()));
            }

            Say($"demo {name}: stopping node agents, TPM simulators and the broker");
            return exitCode;
        }));
        return command;
    }

    private static CancellationTokenSource KillLater(LocalDeployment local, string nodeId, double seconds, Action<string> say, CancellationToken stop)
    {
        if (!local.Agents.ContainsKey(nodeId))
        {
            throw new VedliotException($"--kill '{nodeId}': no such node; nodes are {string.Join(", ", local.Agents.Keys.Order(StringComparer.Ordinal))}");
        }

        var cancel = CancellationTokenSource.CreateLinkedTokenSource(stop);
        _ = Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(seconds), cancel.Token);
            say($"demo: killing node agent '{nodeId}' (SIGKILL, as a power loss would)");
            await local.KillAgentAsync(nodeId);
        }, cancel.Token);
        return cancel;
    }
}
