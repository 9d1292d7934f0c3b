using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vedliot.Cli.Deployment;
using Vedliot.Cli.Output;
using Vedliot.Hosting.Deployment;
using Vedliot.Hosting.LocalPlatform;
using Vedliot.Messaging.Client;
using Vedliot.Runtime;
using Vedliot.Runtime.Deployment;
using Vedliot.Runtime.Platform.Descriptors;
using Vedliot.UseCases.SmartHome;

namespace Vedliot.Cli.Commands;

/// <summary>
/// <c>vedliot demo</c>: the whole platform on this machine. Starts a broker, a TPM simulator and a node
/// agent per module of the use case's platform descriptor, deploys the use case's manifest on them,
/// feeds it input, prints the results as they come and a closing table per stage, and stops everything.
/// </summary>
internal static class DemoCommand
{
    private const string SmartHome = "smart-home";
    private const string AppUser = "smart-home-app";

    // The synthesised speech lasts seconds; a kill later than an hour would never strike.
    private const double MaxKillAfterSeconds = 3600;

    public static Command Create(CliContext context)
    {
        var useCase = new Argument<string>("usecase") { Description = "The use case to deploy (usecases/<name>/deploy.yaml).", DefaultValueFactory = _ => SmartHome, Arity = ArgumentArity.ZeroOrOne };
        var phrase = new Option<string>("--say") { Description = "What the synthesised speaker says (espeak-ng).", DefaultValueFactory = _ => "hey jarvis" };
        var kill = new Option<string?>("--kill") { Description = "Kill this node's agent while audio streams, to watch its stages move to the remaining attested nodes." };
        var killAfter = new Option<double>("--kill-after") { Description = "Seconds into the audio stream at which --kill strikes.", DefaultValueFactory = _ => 2 }.Number(0, MaxKillAfterSeconds);
        var verbose = new Option<bool>("--verbose") { Description = "Print the orchestrator's and the node agents' logs." };
        var command = new Command("demo", "Run a use case end to end on this machine: broker, one TPM simulator and node agent per module of its platform (emulated modules labelled as such), attestation, placement, the pipelines over MQTT, and a closing table per stage.")
        {
            useCase, phrase, kill, killAfter, verbose,
        };
        command.SetAction((parse, cancellationToken) => context.GuardAsync(async () =>
        {
            var name = parse.GetValue(useCase)!;
            if (name != SmartHome)
            {
                throw new VedliotException($"demo '{name}': the demo knows the use case '{SmartHome}'; others deploy with `vedliot deploy usecases/<name>/deploy.yaml`");
            }

            var manifest = DeployManifestReader.Load(RepositoryLayout.UseCaseManifest(name));
            var platformPath = manifest.PlatformDescriptor ?? throw new VedliotException($"{manifest.Source}: the demo needs a platform descriptor, not 'discover'");
            var platform = PlatformDescriptor.Load(platformPath);

            // Each module's node is named after it, so a wrong --kill is known before anything starts.
            if (parse.GetValue(kill) is { } target && !platform.Modules.Any(m => m.Id == target))
            {
                throw new VedliotException($"--kill '{target}': no such node; nodes are {string.Join(", ", platform.Modules.Select(m => m.Id).Order(StringComparer.Ordinal))}");
            }
            var speech = await SpeechSample.SynthesizeAsync(parse.GetValue(phrase)!, cancellationToken: cancellationToken);
            var print = new Lock();
            void Say(string line)
            {
                lock (print)
                {
                    context.Out.WriteLine(line);
                }
            }

            Say($"demo {name}: starting a broker, {platform.Modules.Count} TPM simulators and {platform.Modules.Count} node agents ({platform.Name}; modules not present here are emulated)");
            await using var local = await LocalDeployment.StartAsync(
                platformPath,
                platform,
                new Dictionary<string, string> { [AppUser] = $"vedliot/{name}/#" },
                parse.GetValue(verbose) ? (node, line) => Say($"  [{node}] {line}") : null,
                cancellationToken);
            Say($"demo {name}: broker on {local.BrokerAddress}; node agents {string.Join(", ", local.Agents.Keys.Order(StringComparer.Ordinal))}");

            await using var orchestratorClient = new MqttClient(local.ClientOptions(LocalDeployment.OrchestratorUser, "vedliot-demo-orchestrator", context.TimeProvider));
            await orchestratorClient.ConnectAsync(cancellationToken);
            await using var appClient = new MqttClient(local.ClientOptions(AppUser, "vedliot-demo-app", context.TimeProvider));
            await appClient.ConnectAsync(cancellationToken);
            var settings = new DeploymentSettings
            {
                Manifest = manifest,
                EndorsementCas = local.EndorsementCas,
                AgentDigests = new HashSet<string>([await DeploymentSession.LocalAgentDigestAsync(cancellationToken)], StringComparer.OrdinalIgnoreCase),
                EnrollmentDirectory = Path.Combine(local.Directory, "enrollments"),
                DependenciesDirectory = RepositoryLayout.DependenciesDirectory(),
                ReattestationInterval = TimeSpan.FromSeconds(10),
            };
            using var loggers = parse.GetValue(verbose)
                ? LoggerFactory.Create(logging => logging.AddSimpleConsole(console => console.SingleLine = true).SetMinimumLevel(LogLevel.Information))
                : NullLoggerFactory.Instance;
            await using (var orchestrator = DeploymentSession.Create(orchestratorClient, settings, context.TimeProvider, loggers))
            {
                await using var app = new SmartHomeApp(appClient, AppOptions(manifest));
                var scores = 0;
                var best = (Score: -1f, At: TimeSpan.Zero);
                await LiveStatus.RunAsync(context, orchestrator, live: false, cancellationToken, async stop =>
                {
                    Say($"demo {name}: deployed; streaming {speech.Duration.TotalSeconds:0.0} s of synthesised speech (\"{parse.GetValue(phrase)}\", espeak-ng) in 80 ms chunks");
                    using var killer = parse.GetValue(kill) is { } victim ? KillLater(local, victim, parse.GetValue(killAfter), Say, stop) : null;
                    await foreach (var score in Answers(app.DetectAsync(speech.Samples, stop)))
                    {
                        scores++;
                        if (score.Score > best.Score)
                        {
                            best = (score.Score, score.AudioEnd);
                        }

                        Say(string.Create(CultureInfo.InvariantCulture, $"  wake word score at {score.AudioEnd.TotalSeconds,5:0.00} s: {score.Score:0.000} {Bar(score.Score)}"));
                    }
                });
                Say(string.Create(CultureInfo.InvariantCulture, $"demo {name}: {scores} scores; highest {best.Score:0.000} at {best.At.TotalSeconds:0.00} s ({(best.Score >= 0.5 ? "wake word detected" : "no wake word detected")})"));
                await orchestrator.RefreshHealthAsync(TimeSpan.FromSeconds(5), cancellationToken);
                context.Console.Write(DeploymentStatusView.Render(orchestrator.Status()));
            }

            Say($"demo {name}: stopping node agents, TPM simulators and the broker");
            return 0;
        }));
        return command;
    }

    private static SmartHomeAppOptions AppOptions(DeployManifest manifest)
    {
        string Topic(string pipeline, bool input) =>
            manifest.Pipelines.FirstOrDefault(p => p.Name == pipeline) is { } spec
                ? input ? spec.InputTopic : spec.OutputTopic
                : throw new VedliotException($"{manifest.Source}: the smart-home app needs a pipeline named '{pipeline}'");
        return new SmartHomeAppOptions
        {
            AudioTopic = Topic("melspectrogram", input: true),
            MelTopic = Topic("melspectrogram", input: false),
            MelWindowsTopic = Topic("embedding", input: true),
            EmbeddingTopic = Topic("embedding", input: false),
            EmbeddingWindowsTopic = Topic("hey-jarvis", input: true),
            WakeWordTopic = Topic("hey-jarvis", input: false),
            ChunkInterval = TimeSpan.FromMilliseconds(80),
        };
    }

    /// <summary>The app's scores; a request the deployment never answered becomes an error naming it.</summary>
    private static async IAsyncEnumerable<WakeWordScore> Answers(IAsyncEnumerable<WakeWordScore> scores)
    {
        await using var e = scores.GetAsyncEnumerator();
        while (true)
        {
            try
            {
                if (!await e.MoveNextAsync())
                {
                    yield break;
                }
            }
            catch (Exception error) when (error is TimeoutException or WakeWordPipelineException)
            {
                throw new VedliotException($"smart-home app: {error.Message}", error);
            }

            yield return e.Current;
        }
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

    private static string Bar(float score) => new('#', (int)Math.Round(Math.Clamp(score, 0, 1) * 40));
}
