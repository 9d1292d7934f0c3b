using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Vedliot.Hosting.Deployment;
using Vedliot.Hosting.LocalPlatform;
using Vedliot.Messaging.Client;
using Vedliot.Runtime.Deployment;
using Vedliot.Runtime.Deployment.Orchestration;
using Vedliot.Runtime.Platform.Descriptors;
using Vedliot.Runtime.Profiling;
using Vedliot.Testing;
using Vedliot.Testing.Runtime;

namespace Vedliot.IntegrationTests.Deployment;

/// <summary>
/// A real deployment on loopback for the tests: mosquitto, one swtpm and one node agent process per
/// module of a small descriptor, and an orchestrator here. The model, y = relu(x·W1)·W2 with 4×4 weights,
/// must be split into three stages because each module runs only MatMul or only Relu.
/// </summary>
internal sealed class ChainDeployment : IAsyncDisposable
{
    public const string InputTopic = "test/chain/in";
    public const string OutputTopic = "test/chain/out";
    public const string AppUser = "test-app";

    public static readonly float[] W1 = [.. Enumerable.Range(0, 16).Select(i => ((i * 7) % 11 - 5) / 5f)];
    public static readonly float[] W2 = [.. Enumerable.Range(0, 16).Select(i => ((i * 5) % 13 - 6) / 6f)];

    private readonly TempDirectory _directory;

    private ChainDeployment(TempDirectory directory, LocalDeployment local, MqttClient orchestratorClient, Orchestrator orchestrator, MqttClient app)
    {
        _directory = directory;
        Local = local;
        OrchestratorClient = orchestratorClient;
        Orchestrator = orchestrator;
        App = app;
    }

    public LocalDeployment Local { get; }

    public MqttClient OrchestratorClient { get; }

    public Orchestrator Orchestrator { get; }

    /// <summary>A client with the app's credentials (may use test/#).</summary>
    public MqttClient App { get; }

    /// <summary>Starts the platform of <paramref name="modules"/> (id → the one operator it runs) and deploys the chain on it.</summary>
    /// <param name="modules">Module id and operator.</param>
    /// <param name="untrustedCaOf">A node whose TPM's EK CA the orchestrator is not given, so it can never be attested.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <param name="reattestation">How often nodes are attested again.</param>
    public static async Task<ChainDeployment> StartAsync(IReadOnlyList<(string Id, string Operator)> modules, string? untrustedCaOf = null, TimeSpan? reattestation = null, CancellationToken cancellationToken = default)
    {
        var directory = new TempDirectory();
        File.WriteAllBytes(directory.File("chain.onnx"), new OnnxModelBuilder()
            .Input("x", 1, 4)
            .Initializer("w1", W1, [4, 4])
            .Initializer("w2", W2, [4, 4])
            .Node("MatMul", ["x", "w1"], ["h"])
            .Node("Relu", ["h"], ["r"])
            .Node("MatMul", ["r", "w2"], ["y"])
            .Output("y", 1, 4)
            .ToBytes());
        File.WriteAllText(directory.File("platform.yaml"), Descriptor(modules));
        File.WriteAllText(directory.File("deploy.yaml"), $"""
            usecase: chain-test
            platform: platform.yaml
            pipelines:
              - name: chain
                model: chain.onnx
                input_topic: {InputTopic}
                output_topic: {OutputTopic}
                objective: latency
                constraints:
                  require_attested: all
            """);
        var platform = PlatformDescriptor.Load(directory.File("platform.yaml"));
        LocalDeployment? local = null;
        MqttClient? orchestratorClient = null;
        MqttClient? app = null;
        try
        {
            local = await LocalDeployment.StartAsync(directory.File("platform.yaml"), platform, new Dictionary<string, string> { [AppUser] = "test/#" }, null, cancellationToken);
            orchestratorClient = await ConnectAsync(local, LocalDeployment.OrchestratorUser, cancellationToken);
            app = await ConnectAsync(local, AppUser, cancellationToken);
            var cas = untrustedCaOf is null
                ? local.EndorsementCas
                : [.. local.EndorsementCas.Where((_, i) => platform.Modules[i / 2].Id != untrustedCaOf)];
            var settings = new DeploymentSettings
            {
                Manifest = DeployManifestReader.Load(directory.File("deploy.yaml")),
                EndorsementCas = cas,
                AgentDigests = await DeploymentSession.LocalAgentDigestsAsync(cancellationToken),
                EnrollmentDirectory = directory.File("enrollments"),
                DependenciesDirectory = RepositoryPaths.Deps,
                ReattestationInterval = reattestation ?? TimeSpan.FromSeconds(30),
                Profiler = new ProfilerOptions { CacheDirectory = null, CandidateCuts = 2, WarmupRuns = 1, MinimumRuns = 3, MaximumRuns = 5 },
            };
            var orchestrator = DeploymentSession.Create(orchestratorClient, settings, TimeProvider.System, NullLoggerFactory.Instance);
            await orchestrator.StartAsync(cancellationToken);
            return new ChainDeployment(directory, local, orchestratorClient, orchestrator, app);
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }

            if (orchestratorClient is not null)
            {
                await orchestratorClient.DisposeAsync();
            }

            if (local is not null)
            {
                await local.DisposeAsync();
            }

            directory.Dispose();
            throw;
        }
    }

    public static async Task<MqttClient> ConnectAsync(LocalDeployment local, string user, CancellationToken cancellationToken, string? clientId = null)
    {
        var client = new MqttClient(local.ClientOptions(user, clientId ?? $"test-{user}", TimeProvider.System));
        await client.ConnectAsync(cancellationToken);
        return client;
    }

    /// <summary>y = relu(x·W1)·W2, computed here.</summary>
    public static float[] Expected(float[] x)
    {
        var h = new float[4];
        var y = new float[4];
        for (var j = 0; j < 4; j++)
        {
            for (var k = 0; k < 4; k++)
            {
                h[j] += x[k] * W1[(k * 4) + j];
            }

            h[j] = Math.Max(0, h[j]);
        }

        for (var j = 0; j < 4; j++)
        {
            for (var k = 0; k < 4; k++)
            {
                y[j] += h[k] * W2[(k * 4) + j];
            }
        }

        return y;
    }

    public async ValueTask DisposeAsync()
    {
        await Orchestrator.DisposeAsync();
        await App.DisposeAsync();
        await OrchestratorClient.DisposeAsync();
        await Local.DisposeAsync();
        _directory.Dispose();
    }

    private static string Descriptor(IReadOnlyList<(string Id, string Operator)> modules)
    {
        var text = new StringBuilder("platform: chain-test\nchassis: test\nmodules:\n");
        foreach (var (id, op) in modules)
        {
            text.Append(CultureInfo.InvariantCulture, $$"""
                  - id: {{id}}
                    kind: cpu
                    vendor: Test
                    product: {{op}} engine
                    peak_ops_per_second: { fp32: 1e9 }
                    memory: { capacity_gib: 1, bandwidth_gb_per_s: 10 }
                    power: { idle_watts: 1, active_watts: 2 }
                    call_overhead_ms: 0.1
                    efficiency: 0.5
                    operators: [{{op}}]
                    backend: onnxruntime:CPU

                """);
        }

        text.Append("links:\n");
        for (var a = 0; a < modules.Count; a++)
        {
            for (var b = a + 1; b < modules.Count; b++)
            {
                text.Append(CultureInfo.InvariantCulture, $"  - between: [{modules[a].Id}, {modules[b].Id}]\n    kind: ethernet\n    bandwidth_gbit_per_s: 1\n    latency_us: 100\n");
            }
        }

        return text.ToString();
    }
}
