using System.Runtime.InteropServices;
using System.Text.Json;
using Vedliot.Attestation.Measurement;
using Vedliot.Attestation.Tpm.Commands;
using Vedliot.Attestation.Tpm.Structures;
using Vedliot.Attestation.Verifier;
using Vedliot.Cli;
using Vedliot.Hosting.LocalPlatform;
using Vedliot.Messaging.Client;
using Vedliot.Messaging.RequestResponse;
using Vedliot.Messaging.Tensors;
using Vedliot.Pipelines;
using Vedliot.Runtime.Deployment.Protocol;
using Vedliot.Testing;

namespace Vedliot.IntegrationTests.Deployment;

/// <summary>
/// The orchestrator and node agents as separate processes against one mosquitto, each node with its own
/// swtpm: attestation, stage shipping, pipelined requests across three nodes, node loss, untrusted nodes
/// and a broker restart.
/// </summary>
public sealed class DeploymentEndToEndTests
{
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(120);
    private static readonly (string, string)[] ThreeStages = [("matmul-a", "MatMul"), ("relu", "Relu"), ("matmul-b", "MatMul")];

    [Fact]
    public async Task Three_node_pipeline_answers_every_request_once_with_the_models_result()
    {
        using var timeout = new CancellationTokenSource(Safety);
        await using var deployment = await ChainDeployment.StartAsync(ThreeStages, cancellationToken: timeout.Token);
        await using var app = await ChainApp.StartAsync(deployment.App, timeout.Token);

        var inputs = Inputs(40, seed: 1);
        await app.SendAllAsync(inputs, timeout.Token);
        await app.SendAllAsync(Inputs(1, seed: 2), timeout.Token); // a late duplicate would arrive before this one's answer

        app.AssertAnsweredOnceEach(inputs.Count + 1, inputs);

        var status = deployment.Orchestrator.Status();
        var pipeline = Assert.Single(status.Pipelines);
        Assert.Equal(3, pipeline.Stages.Count);
        Assert.Equal("relu", pipeline.Stages[1].NodeId);
        Assert.Equal(["matmul-a", "matmul-b"], new[] { pipeline.Stages[0].NodeId, pipeline.Stages[2].NodeId }.Order(StringComparer.Ordinal));
        Assert.All(pipeline.Stages, s => Assert.Equal(TrustState.Trusted, s.Trust));
        Assert.All(status.Nodes, n => Assert.Equal(TrustState.Trusted, n.Trust));

        // `vedliot status` on another connection reads what the orchestrator publishes.
        using var directory = new TempDirectory();
        File.WriteAllText(directory.File("password"), deployment.Local.Password(LocalDeployment.OrchestratorUser));
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = VedliotCli.Invoke(["status", "chain-test", "--broker", deployment.Local.BrokerAddress, "--username", LocalDeployment.OrchestratorUser, "--password-file", directory.File("password"), "--tls", "--broker-ca", deployment.Local.Broker.CaCertificatePath, "--json"], output, error, TimeProvider.System);

        Assert.True(exitCode == 0, error.ToString());
        var published = JsonDocument.Parse(output.ToString()).RootElement[0];
        Assert.Equal("chain-test", published.GetProperty("useCase").GetString());
        Assert.Equal(3, published.GetProperty("pipelines")[0].GetProperty("stages").GetArrayLength());
        Assert.All(published.GetProperty("nodes").EnumerateArray(), n => Assert.Equal("Trusted", n.GetProperty("trust").GetString(), ignoreCase: true));
    }

    [Fact]
    public async Task Killed_node_loses_its_stage_and_no_request_is_lost_or_answered_twice()
    {
        using var timeout = new CancellationTokenSource(Safety);
        await using var deployment = await ChainDeployment.StartAsync([.. ThreeStages, ("relu-spare", "Relu")], cancellationToken: timeout.Token);
        await using var app = await ChainApp.StartAsync(deployment.App, timeout.Token);
        var victim = Assert.Single(deployment.Orchestrator.Status().Pipelines).Stages[1].NodeId;

        var inputs = Inputs(60, seed: 3);
        await app.SendAllAsync(inputs.Take(20).ToList(), timeout.Token);
        await deployment.Local.KillAgentAsync(victim);

        // Requests in flight when the node dies, and those sent while the pipeline is re-placed, are all answered.
        await app.SendAllAsync(inputs.Skip(20).ToList(), timeout.Token);
        await app.SendAllAsync(Inputs(1, seed: 4), timeout.Token);

        app.AssertAnsweredOnceEach(inputs.Count + 1, inputs);

        var pipeline = Assert.Single(deployment.Orchestrator.Status().Pipelines);
        Assert.True(pipeline.Generation >= 2);
        Assert.DoesNotContain(pipeline.Stages, s => s.NodeId == victim);
        Assert.Equal(NodeState.Offline, deployment.Orchestrator.Status().Nodes.Single(n => n.NodeId == victim).State);
    }

    [Fact]
    public async Task Node_that_fails_reattestation_loses_its_stage_and_every_request_is_answered()
    {
        using var timeout = new CancellationTokenSource(Safety);
        await using var deployment = await ChainDeployment.StartAsync([.. ThreeStages, ("relu-spare", "Relu")], reattestation: TimeSpan.FromSeconds(4), cancellationToken: timeout.Token);
        await using var app = await ChainApp.StartAsync(deployment.App, timeout.Token);
        var victim = Assert.Single(deployment.Orchestrator.Status().Pipelines).Stages[1].NodeId;
        var inputs = Inputs(30, seed: 6);
        await app.SendAllAsync(inputs.Take(10).ToList(), timeout.Token);

        // Someone extends the node's measurement PCR behind the agent's back: its log no longer explains the PCR.
        await using (var tpm = new TpmClient(await deployment.Local.Tpm(victim).ConnectAsync(cancellationToken: timeout.Token)))
        {
            await tpm.PcrExtendAsync(MeasurementLog.DefaultPcr, TpmAlgorithm.Sha256, new byte[32], timeout.Token);
        }

        await WaitUntilAsync(() => deployment.Orchestrator.Status() is var s && s.Nodes.Single(n => n.NodeId == victim).Trust == TrustState.Untrusted && s.Pipelines[0].Stages.All(st => st.NodeId != victim), timeout.Token);
        await app.SendAllAsync(inputs.Skip(10).ToList(), timeout.Token);

        app.AssertAnsweredOnceEach(inputs.Count, inputs);
        var status = deployment.Orchestrator.Status();
        Assert.Contains("relu-spare", status.Pipelines[0].Stages.Select(s => s.NodeId));
        Assert.Contains("PCR", status.Nodes.Single(n => n.NodeId == victim).TrustDetail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Node_whose_TPM_is_not_vouched_for_is_untrusted_and_receives_no_partition()
    {
        using var timeout = new CancellationTokenSource(Safety);
        await using var deployment = await ChainDeployment.StartAsync([.. ThreeStages, ("relu-rogue", "Relu")], untrustedCaOf: "relu-rogue", cancellationToken: timeout.Token);
        var status = deployment.Orchestrator.Status();
        Assert.Equal(TrustState.Untrusted, status.Nodes.Single(n => n.NodeId == "relu-rogue").Trust);
        Assert.DoesNotContain(Assert.Single(status.Pipelines).Stages, s => s.NodeId == "relu-rogue");

        // The rogue node asks for a partition it was never given, with its own broker credentials.
        await using var rogue = await ChainDeployment.ConnectAsync(deployment.Local, "relu-rogue", timeout.Token, clientId: "rogue-probe");
        var topics = new DeploymentTopics();
        using var requester = new MqttRequester(rogue, topics.Artefacts("relu-rogue"), TimeProvider.System);
        await requester.SubscribeAsync(timeout.Token);
        var reply = await requester.RequestAsync(DeploymentMessages.Create(topics.ArtefactRequests("relu-rogue"), ProtocolContentTypes.ArtefactRequest, new ArtefactRequest("chain/g1/s1", new string('0', 64))), TimeSpan.FromSeconds(30), timeout.Token);

        var refusal = Assert.Throws<DeploymentProtocolException>(() => DeploymentMessages.Expect(reply, ProtocolContentTypes.Artefact));
        Assert.Contains("not attested", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Broker_restart_is_survived_and_every_request_answered()
    {
        using var timeout = new CancellationTokenSource(Safety);
        await using var deployment = await ChainDeployment.StartAsync(ThreeStages, cancellationToken: timeout.Token);
        await using var app = await ChainApp.StartAsync(deployment.App, timeout.Token);
        var inputs = Inputs(30, seed: 5);
        await app.SendAllAsync(inputs.Take(10).ToList(), timeout.Token);

        // Requests submitted before the broker dies are in flight while it is gone; the client sends them again.
        var inFlight = app.SubmitAllAsync(inputs.Skip(10).Take(10).ToList(), timeout.Token);
        await deployment.Local.Broker.KillAsync();
        await deployment.Local.Broker.StartAsync(timeout.Token);
        await WaitUntilAsync(() => deployment.App.IsConnected && deployment.OrchestratorClient.IsConnected, timeout.Token);
        await inFlight;
        await app.SendAllAsync(inputs.Skip(20).ToList(), timeout.Token);

        app.AssertAnsweredOnceEach(inputs.Count, inputs);
    }

    private static List<float[]> Inputs(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, 4).Select(_ => (float)((random.NextDouble() * 4) - 2)).ToArray())];
    }

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>The app side, through <see cref="PipelineClient"/>: each request and the task of its one answer.</summary>
    private sealed class ChainApp : IAsyncDisposable
    {
        private readonly PipelineClient _client;
        private readonly List<(float[] X, Task<PipelineAnswer> Answer)> _requests = [];

        private ChainApp(PipelineClient client) => _client = client;

        public static async Task<ChainApp> StartAsync(MqttClient mqtt, CancellationToken cancellationToken)
        {
            var endpoint = new PipelineEndpoint("chain", ChainDeployment.InputTopic, ChainDeployment.OutputTopic);
            var client = await PipelineClient.StartAsync(mqtt, endpoint, new PipelineClientOptions { RequestTimeout = TimeSpan.FromSeconds(5), MaxAttempts = 10 }, cancellationToken);
            return new ChainApp(client);
        }

        /// <summary>Submits the inputs (returns once the broker has them all).</summary>
        public async Task SubmitAllAsync(IReadOnlyList<float[]> inputs, CancellationToken cancellationToken)
        {
            foreach (var x in inputs)
            {
                var frame = new TensorFrame { ElementType = TensorElementType.Float32, Shape = [1, 4], Data = MemoryMarshal.AsBytes(x.AsSpan()).ToArray() };
                var request = await _client.SubmitAsync(frame, cancellationToken);
                lock (_requests)
                {
                    _requests.Add((x, request.Answer));
                }
            }
        }

        /// <summary>Submits the inputs and waits for every answer so far.</summary>
        public async Task SendAllAsync(IReadOnlyList<float[]> inputs, CancellationToken cancellationToken)
        {
            await SubmitAllAsync(inputs, cancellationToken);
            Task[] answers;
            lock (_requests)
            {
                answers = [.. _requests.Select(r => r.Answer)];
            }

            await Task.WhenAll(answers).WaitAsync(cancellationToken);
        }

        /// <summary>Every request has exactly one answer, the model's result for its own input, and none failed.</summary>
        public void AssertAnsweredOnceEach(int count, IReadOnlyList<float[]> checkedInputs)
        {
            Assert.Equal(count, _requests.Count);
            Assert.All(_requests, r => Assert.True(r.Answer.IsCompletedSuccessfully));
            foreach (var x in checkedInputs)
            {
                var answer = _requests.Single(r => ReferenceEquals(r.X, x)).Answer.Result;
                Assert.Equal(ChainDeployment.Expected(x), TensorFrameCodec.GetElements<float>(answer.OnlyTensor).ToArray(), new FloatTolerance(1e-5f));
            }

            var statistics = _client.Statistics();
            Assert.Equal(count, statistics.Answered);
            Assert.Equal(0, statistics.Failed);
            Assert.Equal(0, statistics.InFlight);
            Assert.Equal(count, _requests.Select(r => r.Answer.Result.Sequence).Distinct().Count());
        }

        public ValueTask DisposeAsync() => _client.DisposeAsync();
    }

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance * Math.Max(1, Math.Abs(y));

        public int GetHashCode(float obj) => 0;
    }
}
