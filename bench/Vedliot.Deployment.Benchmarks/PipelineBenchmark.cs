using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Vedliot.Accelerators.OnnxRuntime;
using Vedliot.Accelerators.Tensors;
using Vedliot.Messaging.Packets;
using Vedliot.Messaging.Tensors;
using Vedliot.Pipelines;
using Vedliot.Runtime.Deployment;
using Vedliot.Runtime.Models;
using Vedliot.Runtime.Partitioning;

namespace Vedliot.Deployment.Benchmarks;

/// <summary>
/// Issues 7 and 13's benchmark. A PP-OCRv4 model (text recognition by default) is deployed on three CPU nodes (node
/// agent processes on this machine, attested through their own swtpm) for throughput in at most 3 stages. The app
/// side is the real <see cref="PipelineClient"/>: each request goes app → broker → stage 1 → broker → … → stage N →
/// broker → app (N + 1 broker hops; no orchestrator on the way). It is compared with the same partitions, cut at the
/// same operations, run one after another in this process (<see cref="PartitionChain"/>):
/// <list type="bullet">
/// <item>latency: requests one at a time, end to end at the app (submit → answer), against the in-process chain,
/// interleaved request by request;</item>
/// <item>throughput: the app keeps many requests in flight; results per second at the app as a fraction of
/// 1 / max over stages of (the stage's run time reported by its node in the same phase + the one-hop transfer
/// time of its output through the same broker, measured in the same run);</item>
/// <item>transport CPU: the CPU of the nodes, the broker and this process during the throughput phase, per request,
/// minus the partitions' runs as the in-process chain measures them.</item>
/// </list>
/// </summary>
internal static class PipelineBenchmark
{
    private static readonly string[] Nodes = ["cpu-a", "cpu-b", "cpu-c"];

    public static async Task RunAsync(DeploymentBenchmarkOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var modelPath = new ModelReference(BenchDeployment.ModelReference(options.Model)).Resolve(Directory.GetCurrentDirectory(), options.DepsDirectory);
        var graph = ModelGraph.Load(modelPath);
        var (inputName, shape, dimensions) = InputOf(graph, options.Size);
        var values = RandomValues(shape, seed: 42);

        var idle = CpuAccounting.IsAvailable ? await CpuAccounting.IdleFractionAsync(TimeSpan.FromSeconds(1), cancellationToken) : double.NaN;
        output.WriteLine(Invariant($"Deployment benchmark: {Path.GetFileName(modelPath)}, input {inputName} [{string.Join(",", shape)}] ({values.Length * sizeof(float) / 1024.0:0} KiB), on {Nodes.Length} CPU nodes (node agent processes driving this machine's CPU, 1 ONNX Runtime thread each)"));
        output.WriteLine(Invariant($"{Environment.ProcessorCount} cores, {idle:P0} idle in the second before start-up; ONNX Runtime {OnnxRuntimeBuild.NativeLibraryVersion()}{(options.Quick ? "; quick mode" : string.Empty)}"));
        output.WriteLine();

        var start = Stopwatch.GetTimestamp();
        output.WriteLine("starting mosquitto, 3 swtpm and 3 node agents; then discovery, attestation, profiling (on this machine), placement and stage loading ...");
        await using var deployment = await BenchDeployment.StartAsync(Nodes, options.Model, dimensions, options.DepsDirectory, options.Verbose ? output : null, cancellationToken);
        try
        {
            await MeasureAsync(deployment, options, graph, inputName, shape, values, output, cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            output.WriteLine("the benchmark failed; the node agents' last lines:");
            foreach (var line in deployment.RecentAgentLines.TakeLast(40))
            {
                output.WriteLine("  " + line);
            }

            throw;
        }
        finally
        {
            output.WriteLine();
            output.WriteLine(Invariant($"stopping the orchestrator, node agents, TPM simulators and broker (run took {Stopwatch.GetElapsedTime(start).TotalSeconds:0} s)"));
        }
    }

    private static async Task MeasureAsync(BenchDeployment deployment, DeploymentBenchmarkOptions options, ModelGraph graph, string inputName, long[] shape, float[] values, TextWriter output, CancellationToken cancellationToken)
    {
        var orchestrator = deployment.Orchestrator;
        var pipeline = orchestrator.Status().Pipelines.Single();
        output.WriteLine(Invariant($"broker on {deployment.Local.BrokerAddress}; placement (objective {pipeline.Objective}, generation {pipeline.Generation}):"));
        foreach (var stage in pipeline.Stages)
        {
            output.WriteLine(Invariant($"  stage {stage.Index + 1}: node {stage.NodeId,-6} ({stage.Presence}, {stage.Trust}), operations {stage.Operations,-10} predicted {stage.PredictedLatencyMs,7:0.00} ms"));
        }

        var stages = pipeline.Stages.Count;
        if (stages != 3)
        {
            output.WriteLine(Invariant($"  NOTE: the placement chose {stages} stage(s), not 3; the figures below are for that pipeline"));
        }

        // The in-process baseline: the same model cut at the same operations, each partition in its own session.
        var cuts = pipeline.Stages.Take(stages - 1).Select(s => EndOperation(s.Operations)).ToList();
        var partitioned = new ModelPartitioner(graph, new OnnxTypeResolver()).Split(PartitionPlan.AtPositions(graph, cuts, "the deployment's cuts"));
        using var chain = PartitionChain.Create(partitioned, new OnnxRuntimeOptions { IntraOpThreads = 1 });
        using var inputValue = OrtValue.CreateTensorValueFromMemory(values, shape);
        var inputs = new Dictionary<string, OrtValue>(StringComparer.Ordinal) { [inputName] = inputValue };

        // The app: the real PipelineClient, its window as wide as the requests the throughput phase keeps in flight.
        var frame = new TensorFrame { ElementType = TensorElementType.Float32, Shape = shape, Data = MemoryMarshal.AsBytes(values.AsSpan()).ToArray() };
        var endpoint = new PipelineEndpoint(BenchDeployment.PipelineName(options.Model), BenchDeployment.InputTopic, BenchDeployment.OutputTopic);
        await using var client = await PipelineClient.StartAsync(deployment.App, endpoint, new PipelineClientOptions { MaxInFlight = options.Outstanding, RequestTimeout = TimeSpan.FromSeconds(30) }, cancellationToken);
        async Task<(double WallMs, PipelineAnswer Answer)> OverMqttAsync()
        {
            var started = Stopwatch.GetTimestamp();
            var request = await client.SubmitAsync(frame, cancellationToken);
            var answer = await request.Answer.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
            return (Stopwatch.GetElapsedTime(started).TotalMilliseconds, answer);
        }

        // Warm-up, and the check that the pipeline computes what the model computes.
        var (_, first) = await OverMqttAsync();
        for (var i = 0; i < options.WarmupRequests; i++)
        {
            await OverMqttAsync();
            chain.Run(inputs).Dispose();
        }

        IReadOnlyList<KeyValuePair<string, long>>[] crossing;
        long outputBytes;
        using (var reference = chain.Run(inputs))
        {
            crossing = [.. reference.Stages.Select(s => s.Crossing)];
            outputBytes = reference.Outputs.Sum(o => OrtValueSize.Bytes(o.Value));
            var expected = reference.Outputs[0].Value.GetTensorDataAsSpan<float>().ToArray();
            var result = first.OnlyTensor;
            var actual = TensorFrameCodec.GetElements<float>(result).ToArray();
            var difference = expected.Length == actual.Length ? expected.Zip(actual, (a, b) => Math.Abs(a - b)).Max() : double.NaN;
            output.WriteLine(Invariant($"result over MQTT [{string.Join(",", result.Shape)}] vs in process: largest difference {difference:0.###e+0}{(expected.Length == actual.Length ? string.Empty : " (SHAPES DIFFER)")}"));
        }

        output.WriteLine();

        // 1. Latency: one request at a time; over MQTT and in process interleaved, alternating which goes first.
        var n = options.LatencyRequests;
        var wall = new double[n];
        var clientLatency = new double[n];
        var inProcess = new double[n];
        var inProcessStages = pipeline.Stages.Select(_ => new double[n]).ToArray();
        var inProcessCpuMs = 0.0;
        void RunInProcess(int i)
        {
            // With one intra-op thread, ONNX Runtime computes on the calling thread: its CPU time is the runs' CPU time.
            var cpuStart = CpuAccounting.ThreadCpuMs();
            var started = Stopwatch.GetTimestamp();
            using var result = chain.Run(inputs);
            inProcess[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            inProcessCpuMs += CpuAccounting.ThreadCpuMs() - cpuStart;
            for (var s = 0; s < result.Stages.Count; s++)
            {
                inProcessStages[s][i] = result.Stages[s].Latency.TotalMilliseconds;
            }
        }

        async Task RunOverMqttAsync(int i)
        {
            var (ms, answer) = await OverMqttAsync();
            wall[i] = ms;
            clientLatency[i] = answer.Latency.TotalMilliseconds;
        }

        for (var i = 0; i < n; i++)
        {
            if (i % 2 == 0)
            {
                await RunOverMqttAsync(i);
                RunInProcess(i);
            }
            else
            {
                RunInProcess(i);
                await RunOverMqttAsync(i);
            }
        }

        await orchestrator.RefreshHealthAsync(TimeSpan.FromSeconds(10), cancellationToken);
        var isolated = orchestrator.Status().Pipelines.Single();
        var latencyRatio = Samples.P50(wall) / Samples.P50(inProcess);

        output.WriteLine(Invariant($"1. End-to-end latency, {n} requests one at a time (after {options.WarmupRequests + 1} warm-up), interleaved with as many in-process runs"));
        output.WriteLine(Invariant($"   {"contender",-66} {"p50 ms",9} {"p95 ms",9}"));
        output.WriteLine(Invariant($"   {$"{stages} stages over MQTT, app → broker → {stages} stages → broker → app (submit → await)",-66} {Samples.P50(wall),9:0.00} {Samples.P95(wall),9:0.00}"));
        output.WriteLine(Invariant($"   {"  the same, as PipelineAnswer.Latency (first publish → answer read)",-66} {Samples.P50(clientLatency),9:0.00} {Samples.P95(clientLatency),9:0.00}"));
        output.WriteLine(Invariant($"   {"baseline: same partitions in this process (PartitionChain)",-66} {Samples.P50(inProcess),9:0.00} {Samples.P95(inProcess),9:0.00}"));
        output.WriteLine(Invariant($"   ratio over MQTT (submit → await) / in process: p50 {latencyRatio:0.00}, p95 {Samples.P95(wall) / Samples.P95(inProcess):0.00}; the difference, {Samples.P50(wall) - Samples.P50(inProcess):0.00} ms at p50, is the price of {stages + 1} broker hops (TLS), tensor encoding and copies"));
        output.WriteLine("   (submit → await is the ratio's figure: it is what an app waits, including the client's encoding, correlation data and the answer's copy;");
        output.WriteLine("    PipelineAnswer.Latency starts after encoding and stops before the app's continuation runs)");
        output.WriteLine();

        // 2. Throughput: the app keeps its PipelineClient's window full; the stages forward to one another directly.
        var m = options.ThroughputRequests;
        var named = Nodes.Select(node => ($"node {node}", deployment.Local.Agents[node].Id))
            .Concat(CpuAccounting.ProcessesWhoseCommandLineContains(Path.Combine(deployment.Local.Broker.Directory, "mosquitto.conf")).Select(pid => ("mosquitto", pid)))
            .Append(("this process (app's PipelineClient; orchestrator off the path)", Environment.ProcessId))
            .ToList();
        CpuAccounting? cpu = null;
        var before = client.Statistics();
        var throughput = await ThroughputPhase.RunAsync(client, orchestrator, frame, options.WarmupRequests * 5, m, stages, () => (before, cpu) = (client.Statistics(), CpuAccounting.Start(named)), cancellationToken);
        var cpuUse = cpu!.Stop();
        var after = client.Statistics();
        await orchestrator.RefreshHealthAsync(TimeSpan.FromSeconds(10), cancellationToken);
        var loaded = orchestrator.Status().Pipelines.Single();

        // 3. Transfer: one hop through the same broker of each stage's output message, at QoS 1.
        var payloads = crossing.Select((c, s) => s < crossing.Length - 1 ? Bundle(c) : Bundle([KeyValuePair.Create("output", outputBytes)])).ToList();
        var inputMessage = TensorMessages.Create(BenchDeployment.InputTopic, frame, MqttQualityOfService.AtLeastOnce);
        var brokerPid = named.FirstOrDefault(p => p.Item1 == "mosquitto").Item2;
        var hops = new List<HopFigures>();
        await using (var probe = await TransferProbe.StartAsync(deployment.Local, cancellationToken))
        {
            foreach (var payload in payloads.Prepend(inputMessage))
            {
                hops.Add(await probe.MeasureAsync(payload, options.TransferSamples, brokerPid, cancellationToken));
            }
        }

        var transfer = hops.Skip(1).Select(h => h.P50Ms).ToArray();
        output.WriteLine(Invariant($"2. Throughput, {m} requests with {options.Outstanding} in flight at the app (PipelineClient MaxInFlight), after {options.WarmupRequests * 5} untimed ones the same way"));
        output.WriteLine(Invariant($"   results/s at the app: {throughput.Steady:0.0} in steady state (middle 80% of answers), {throughput.Overall:0.0} overall"));
        output.WriteLine(Invariant($"   app (PipelineClient.Statistics, this phase): {after.Submitted - before.Submitted} submitted, {after.Answered - before.Answered} answered, {after.Failed - before.Failed} failed, {after.Resent - before.Resent} resent, {after.InFlight} in flight after; latency of recent answers p50 {after.LatencyP50Ms:0.0} ms, p95 {after.LatencyP95Ms:0.0} ms"));
        output.WriteLine(Invariant($"   pipeline (orchestrator's PipelineStatus from the nodes' reports, whole run): {loaded.Completed} completed, {loaded.Failed} failed, {loaded.Duplicates} duplicates, {loaded.Queued} queued; {loaded.ThroughputPerSecond:0.0}/s over the last reports; stage run p50s sum to {loaded.StageLatencyP50Ms:0.00} ms"));
        var occupancy = StageFigures.Print(output, pipeline, loaded, isolated, inProcessStages, payloads, transfer, throughput.Waiting);
        output.WriteLine(Invariant($"   app → stage 1: input {inputMessage.Payload.Length / 1024.0:0.0} KiB, one hop p50 {hops[0].P50Ms:0.00} ms; app requests in flight while full: mean {throughput.InFlight:0.0} of {options.Outstanding}"));
        output.WriteLine("   (run times: each node's p50 over its last ≤1000 runs, from its health report; 'loaded' after phase 2, 'isolated' after phase 1;");
        output.WriteLine("    waiting: requests queued at the node, sampled from its health reports (every 2 s) during phase 2)");
        if (m < 1000)
        {
            output.WriteLine(Invariant($"   (with {m} < 1000 throughput requests the nodes' 'loaded' figures also hold some earlier, one-at-a-time runs)"));
        }

        var slowest = Array.IndexOf(occupancy.Loaded, occupancy.Loaded.Max());
        var bound = 1000 / occupancy.Loaded[slowest];
        var fraction = throughput.Steady / bound;
        output.WriteLine(Invariant($"   bound 1 / (slowest stage + transfer) = 1 / {occupancy.Loaded[slowest]:0.00} ms = {bound:0.0}/s (stage {slowest + 1} on {pipeline.Stages[slowest].NodeId}; run times measured while the pipeline was full)"));
        output.WriteLine(Invariant($"   throughput / bound = {fraction:0.00}"));
        var slowestAlone = Array.IndexOf(occupancy.Isolated, occupancy.Isolated.Max());
        output.WriteLine(Invariant($"   [isolated stage times] bound 1 / {occupancy.Isolated[slowestAlone]:0.00} ms = {1000 / occupancy.Isolated[slowestAlone]:0.0}/s (stage {slowestAlone + 1}); throughput / bound = {throughput.Steady * occupancy.Isolated[slowestAlone] / 1000:0.00}"));
        output.WriteLine();

        var runWall = inProcessStages.Select(Samples.P50).ToArray();
        var runCpu = inProcessCpuMs / n;
        var labels = new[] { "app input" }.Concat(Enumerable.Range(1, payloads.Count).Select(s => $"stage {s} output")).ToList();
        var sizes = payloads.Prepend(inputMessage).Select(p => p.Payload.Length).ToList();
        var transport = CpuReport.Print(output, cpuUse, m, pipeline.Stages.Select(s => $"node {s.NodeId}").ToList(), runCpu, runWall, labels, sizes, hops, occupancy.Isolated[slowestAlone]);

        output.WriteLine();
        output.WriteLine("Issue 13's figures (before: the same benchmark with the orchestrator's gateway on the path, 2-core machine, two --quick runs)");
        output.WriteLine(Invariant($"   {"figure",-52} {"now",8} {"before",14} {"goal",8}"));
        output.WriteLine(Invariant($"   {"1. latency p50 over MQTT / in process",-52} {latencyRatio,7:0.00}× {"2.30–2.49×",14} {"≤ 1.40×",8}  {Verdict(latencyRatio <= 1.40)}"));
        output.WriteLine(Invariant($"   {"2. throughput / bound (loaded stage times)",-52} {fraction,8:0.00} {"0.75–0.78",14} {"≥ 0.90",8}  {Verdict(fraction >= 0.90)}"));
        output.WriteLine(Invariant($"   {"3. transport CPU ms per request (nodes+broker+app−runs)",-52} {transport,8:0.00} {"21–23 of ≈38",14} {"≤ 11",8}  {Verdict(transport <= 11)}"));
    }

    private static string Verdict(bool met) => met ? "met" : "NOT met";

    /// <summary>A message of the size a stage publishes: a bundle of the tensors crossing its cut.</summary>
    private static MqttApplicationMessage Bundle(IReadOnlyList<KeyValuePair<string, long>> tensors) =>
        TensorMessages.CreateBundle("bench/probe/hop", new TensorBundle
        {
            PipelineId = 1,
            RequestId = 1,
            StageIndex = 1,
            Tensors = [.. tensors.Select(t => new NamedTensor { Name = t.Key, Frame = new TensorFrame { ElementType = TensorElementType.UInt8, Shape = [t.Value], Data = new byte[t.Value], PipelineId = 1, RequestId = 1, StageIndex = 1 } })],
        }, MqttQualityOfService.AtLeastOnce);

    /// <summary>The end (exclusive) of a stage's operation range as the status shows it, e.g. <c>0–120</c>.</summary>
    private static int EndOperation(string operations) =>
        int.Parse(operations.Split('–')[1], NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>The model's one input, its shape (batch 1, every other symbolic dimension <paramref name="size"/>), and the symbolic dimensions' sizes for the manifest.</summary>
    private static (string Name, long[] Shape, Dictionary<string, long> Dimensions) InputOf(ModelGraph graph, int size)
    {
        var input = graph.Inputs.Single();
        var dims = input.DeclaredType?.TensorType?.Shape?.Dim ?? throw new InvalidOperationException($"{graph.Source}: input {input.Name} declares no shape");
        var shape = new long[dims.Count];
        var symbolic = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < dims.Count; i++)
        {
            shape[i] = dims[i].HasDimValue ? dims[i].DimValue : i == 0 ? 1 : size;
            if (!dims[i].HasDimValue && dims[i].HasDimParam)
            {
                symbolic[dims[i].DimParam] = shape[i];
            }
        }

        return (input.Name, shape, symbolic);
    }

    private static float[] RandomValues(long[] shape, int seed)
    {
        var random = new Random(seed);
        var values = new float[shape.Aggregate(1L, (a, b) => a * b)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = random.NextSingle();
        }

        return values;
    }

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
