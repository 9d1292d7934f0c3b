using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Vedliot.Accelerators.OnnxRuntime;
using Vedliot.Accelerators.Tensors;
using Vedliot.Messaging.Packets;
using Vedliot.Messaging.Tensors;
using Vedliot.Runtime.Deployment;
using Vedliot.Runtime.Deployment.Orchestration;
using Vedliot.Runtime.Models;
using Vedliot.Runtime.Partitioning;

namespace Vedliot.Deployment.Benchmarks;

/// <summary>
/// Issue 7's benchmark. A PP-OCRv4 model (text recognition by default) is deployed on three CPU nodes (node agent
/// processes on this machine, attested through their own swtpm) for throughput in at most 3 stages, and compared with the same
/// partitions, cut at the same operations, run one after another in this process (<see cref="PartitionChain"/>):
/// <list type="bullet">
/// <item>latency: requests one at a time, end to end at the app (publish → answer), against the in-process chain,
/// interleaved request by request;</item>
/// <item>throughput: the app keeps many requests outstanding; results per second at the app as a fraction of
/// 1 / max over stages of (the stage's run time reported by its node in the same phase + the one-hop transfer
/// time of its output through the same broker, measured in the same run). Goal ≥ 0.90.</item>
/// </list>
/// </summary>
internal static class PipelineBenchmark
{
    private const double Goal = 0.90;
    private static readonly string[] Nodes = ["cpu-a", "cpu-b", "cpu-c"];

    public static async Task RunAsync(DeploymentBenchmarkOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var modelPath = new ModelReference(BenchDeployment.ModelReference(options.Model)).Resolve(Directory.GetCurrentDirectory(), options.DepsDirectory);
        var graph = ModelGraph.Load(modelPath);
        var (inputName, shape, dimensions) = InputOf(graph, options.Size);
        var values = RandomValues(shape, seed: 42);
        ReadOnlyMemory<byte> frameData = MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

        var idle = CpuAccounting.IsAvailable ? await CpuAccounting.IdleFractionAsync(TimeSpan.FromSeconds(1), cancellationToken) : double.NaN;
        output.WriteLine(Invariant($"Deployment benchmark: {Path.GetFileName(modelPath)}, input {inputName} [{string.Join(",", shape)}] ({frameData.Length / 1024.0:0} KiB), on {Nodes.Length} CPU nodes (node agent processes driving this machine's CPU, 1 ONNX Runtime thread each)"));
        output.WriteLine(Invariant($"{Environment.ProcessorCount} cores, {idle:P0} idle in the second before start-up; ONNX Runtime {OnnxRuntimeBuild.NativeLibraryVersion()}{(options.Quick ? "; quick mode" : string.Empty)}"));
        output.WriteLine();

        var start = Stopwatch.GetTimestamp();
        output.WriteLine("starting mosquitto, 3 swtpm and 3 node agents; then discovery, attestation, profiling (on this machine), placement and stage loading ...");
        await using var deployment = await BenchDeployment.StartAsync(Nodes, options.Model, dimensions, options.DepsDirectory, options.Verbose ? output : null, cancellationToken);
        try
        {
            await MeasureAsync(deployment, options, graph, inputName, shape, values, frameData, output, cancellationToken);
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

    private static async Task MeasureAsync(BenchDeployment deployment, DeploymentBenchmarkOptions options, ModelGraph graph, string inputName, long[] shape, float[] values, ReadOnlyMemory<byte> frameData, TextWriter output, CancellationToken cancellationToken)
    {
        var orchestrator = deployment.Orchestrator;
        var pipeline = orchestrator.Status().Pipelines.Single();
        output.WriteLine(Invariant($"broker on {deployment.Local.BrokerAddress}; placement (objective {pipeline.Objective}, generation {pipeline.Generation}):"));
        foreach (var stage in pipeline.Stages)
        {
            output.WriteLine(Invariant($"  stage {stage.Index + 1}: node {stage.NodeId,-6} ({stage.Presence}, {stage.Trust}), operations {stage.Operations,-10} predicted {stage.PredictedLatencyMs,7:0.00} ms"));
        }

        if (pipeline.Stages.Count != 3)
        {
            output.WriteLine(Invariant($"  NOTE: the placement chose {pipeline.Stages.Count} stage(s), not 3; the figures below are for that pipeline"));
        }

        // The in-process baseline: the same model cut at the same operations, each partition in its own session.
        var cuts = pipeline.Stages.Take(pipeline.Stages.Count - 1).Select(s => EndOperation(s.Operations)).ToList();
        var partitioned = new ModelPartitioner(graph, new OnnxTypeResolver()).Split(PartitionPlan.AtPositions(graph, cuts, "the deployment's cuts"));
        using var chain = PartitionChain.Create(partitioned, new OnnxRuntimeOptions { IntraOpThreads = 1 });
        using var inputValue = OrtValue.CreateTensorValueFromMemory(values, shape);
        var inputs = new Dictionary<string, OrtValue>(StringComparer.Ordinal) { [inputName] = inputValue };

        var client = await PipelineClient.StartAsync(deployment.App, BenchDeployment.InputTopic, BenchDeployment.OutputTopic, cancellationToken);
        ulong nextId = 0;
        async Task<(double Ms, Answer Answer)> OverMqttAsync(bool keepData = false)
        {
            var id = ++nextId;
            var request = client.Request(id, shape, frameData);
            var (sentAt, answer) = await client.SendAsync(id, request, keepData, cancellationToken);
            var received = await answer.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
            return (Stopwatch.GetElapsedTime(sentAt, received.ReceivedAt).TotalMilliseconds, received);
        }

        // Warm-up, and the check that the pipeline computes what the model computes.
        var (_, first) = await OverMqttAsync(keepData: true);
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
            var actual = MemoryMarshal.Cast<byte, float>(first.Data.AsSpan()).ToArray();
            var difference = expected.Length == actual.Length ? expected.Zip(actual, (a, b) => Math.Abs(a - b)).Max() : double.NaN;
            output.WriteLine(Invariant($"result over MQTT [{string.Join(",", first.Shape)}] vs in process: largest difference {difference:0.###e+0}{(expected.Length == actual.Length ? string.Empty : " (SHAPES DIFFER)")}"));
        }

        output.WriteLine();

        // 1. Latency: one request at a time; over MQTT and in process interleaved, alternating which goes first.
        var n = options.LatencyRequests;
        var mqtt = new double[n];
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

        for (var i = 0; i < n; i++)
        {
            if (i % 2 == 0)
            {
                mqtt[i] = (await OverMqttAsync()).Ms;
                RunInProcess(i);
            }
            else
            {
                RunInProcess(i);
                mqtt[i] = (await OverMqttAsync()).Ms;
            }
        }

        await orchestrator.RefreshHealthAsync(TimeSpan.FromSeconds(10), cancellationToken);
        var isolated = orchestrator.Status().Pipelines.Single();

        output.WriteLine(Invariant($"1. End-to-end latency, {n} requests one at a time (after {options.WarmupRequests + 1} warm-up), interleaved with as many in-process runs"));
        output.WriteLine(Invariant($"   {"contender",-58} {"p50 ms",9} {"p95 ms",9}"));
        output.WriteLine(Invariant($"   {$"{pipeline.Stages.Count} stages over MQTT (app → gateway → {pipeline.Stages.Count} nodes → gateway → app)",-58} {Samples.P50(mqtt),9:0.00} {Samples.P95(mqtt),9:0.00}"));
        output.WriteLine(Invariant($"   {"baseline: same partitions in this process (PartitionChain)",-58} {Samples.P50(inProcess),9:0.00} {Samples.P95(inProcess),9:0.00}"));
        output.WriteLine(Invariant($"   ratio over MQTT / in process: p50 {Samples.P50(mqtt) / Samples.P50(inProcess):0.00}, p95 {Samples.P95(mqtt) / Samples.P95(inProcess):0.00}; the difference, {Samples.P50(mqtt) - Samples.P50(inProcess):0.00} ms at p50, is the price of {pipeline.Stages.Count + 3} broker hops (TLS), tensor encoding and copies"));
        output.WriteLine();

        // 2. Throughput: the app keeps many requests outstanding; the gateway pipelines up to 16 into the stages.
        var m = options.ThroughputRequests;
        var named = Nodes.Select(node => ($"node {node}", deployment.Local.Agents[node].Id))
            .Concat(CpuAccounting.ProcessesWhoseCommandLineContains(Path.Combine(deployment.Local.Broker.Directory, "mosquitto.conf")).Select(pid => ("mosquitto", pid)))
            .Append(("this process (orchestrator gateway, app)", Environment.ProcessId))
            .ToList();
        var cpu = CpuAccounting.Start(named);
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var queues = SampleQueuesAsync(orchestrator, pipeline.Stages.Count, sampling.Token);
        var (sent, answered) = await KeepFullAsync(client, shape, frameData, m, options.Outstanding, () => ++nextId, cancellationToken);
        var cpuUse = cpu.Stop();
        await sampling.CancelAsync();
        var (inFlight, waiting) = await queues;
        await orchestrator.RefreshHealthAsync(TimeSpan.FromSeconds(10), cancellationToken);
        var loaded = orchestrator.Status().Pipelines.Single();

        var overall = m / Stopwatch.GetElapsedTime(sent, answered[^1]).TotalSeconds;
        var trim = m / 10;
        var steady = (m - (2 * trim) - 1) / Stopwatch.GetElapsedTime(answered[trim], answered[m - 1 - trim]).TotalSeconds;

        // 3. Transfer: one hop through the same broker of each stage's output message, at QoS 1.
        var payloads = crossing.Select((c, s) => s < crossing.Length - 1 ? Bundle(c) : Bundle([KeyValuePair.Create("output", outputBytes)])).ToList();
        var inputMessage = client.Request(0, shape, frameData);
        var brokerPid = named.FirstOrDefault(p => p.Item1 == "mosquitto").Item2;
        var hops = new List<HopFigures>();
        await using (var probe = await TransferProbe.StartAsync(deployment.Local, cancellationToken))
        {
            foreach (var payload in payloads.Prepend(inputMessage))
            {
                hops.Add(await probe.MeasureAsync(payload, options.TransferSamples, brokerPid, cancellationToken));
            }
        }

        var inputHop = hops[0].P50Ms;
        var transfer = hops.Skip(1).Select(h => h.P50Ms).ToArray();

        output.WriteLine(Invariant($"2. Throughput, {m} requests with {options.Outstanding} outstanding at the app (the gateway keeps up to 16 in the pipeline)"));
        output.WriteLine(Invariant($"   results/s at the app: {steady:0.0} in steady state (middle 80% of answers), {overall:0.0} overall; gateway counters: {loaded.Completed} completed, {loaded.Failed} failed; {client.Unexpected} unexpected answers"));
        output.WriteLine(Invariant($"   {"stage",-7} {"node",-6} {"run p50 ms",11} {"run p50 ms",11} {"in-process",11} {"output",9} {"one hop",9} {"run+hop ms",11} {"run+hop ms",11} {"waiting",8}"));
        output.WriteLine(Invariant($"   {string.Empty,-7} {string.Empty,-6} {"(loaded)",11} {"(isolated)",11} {"p50 ms",11} {"KiB",9} {"p50 ms",9} {"(loaded)",11} {"(isolated)",11} {"(mean)",8}"));
        var loadedOccupancy = new double[pipeline.Stages.Count];
        var isolatedOccupancy = new double[pipeline.Stages.Count];
        for (var s = 0; s < pipeline.Stages.Count; s++)
        {
            var stage = pipeline.Stages[s];
            var underLoad = loaded.Stages[s].Metrics;
            var alone = isolated.Stages[s].Metrics;
            loadedOccupancy[s] = (underLoad?.LatencyP50Ms ?? double.NaN) + transfer[s];
            isolatedOccupancy[s] = (alone?.LatencyP50Ms ?? double.NaN) + transfer[s];
            output.WriteLine(Invariant($"   {s + 1,-7} {stage.NodeId,-6} {underLoad?.LatencyP50Ms,11:0.00} {alone?.LatencyP50Ms,11:0.00} {Samples.P50(inProcessStages[s]),11:0.00} {payloads[s].Payload.Length / 1024.0,9:0.0} {transfer[s],9:0.00} {loadedOccupancy[s],11:0.00} {isolatedOccupancy[s],11:0.00} {waiting[s],8:0.0}"));
        }

        output.WriteLine(Invariant($"   gateway → stage 1: input {inputMessage.Payload.Length / 1024.0:0.0} KiB, one hop p50 {inputHop:0.00} ms; gateway requests in flight while full: mean {inFlight:0.0} of 16"));
        output.WriteLine("   (run times: each node's p50 over its last ≤1000 runs, from its health report; 'loaded' after phase 2, 'isolated' after phase 1;");
        output.WriteLine("    waiting: requests queued at the node, sampled from its health reports (every 2 s) during phase 2)");
        if (m < 1000)
        {
            output.WriteLine(Invariant($"   (with {m} < 1000 throughput requests the nodes' 'loaded' figures also hold some earlier, one-at-a-time runs)"));
        }

        var slowest = Array.IndexOf(loadedOccupancy, loadedOccupancy.Max());
        var bound = 1000 / loadedOccupancy[slowest];
        var fraction = steady / bound;
        output.WriteLine(Invariant($"   bound 1 / (slowest stage + transfer) = 1 / {loadedOccupancy[slowest]:0.00} ms = {bound:0.0}/s (stage {slowest + 1} on {pipeline.Stages[slowest].NodeId}; run times measured while the pipeline was full)"));
        output.WriteLine(Invariant($"   throughput / bound = {fraction:0.00}   goal ≥ {Goal:0.00}: {(fraction >= Goal ? "met" : "NOT met")}"));
        var slowestAlone = Array.IndexOf(isolatedOccupancy, isolatedOccupancy.Max());
        var boundAlone = 1000 / isolatedOccupancy[slowestAlone];
        output.WriteLine(Invariant($"   [isolated stage times] bound 1 / {isolatedOccupancy[slowestAlone]:0.00} ms = {boundAlone:0.0}/s (stage {slowestAlone + 1}); throughput / bound = {steady / boundAlone:0.00}"));
        output.WriteLine();

        // Where the cores went: on a machine with fewer free cores than the pipeline has busy processes, CPU (not the pipeline) sets the rate.
        double MsPerRequest(double cores) => cores * cpuUse.Seconds * 1000 / m;
        var deploymentCores = cpuUse.Named.Sum(p => p.Cores) + cpuUse.InterruptCores;
        var perRequest = MsPerRequest(deploymentCores);
        output.WriteLine(Invariant($"   CPU during phase 2 ({cpuUse.Seconds:0.0} s; {cpuUse.MachineCores} cores, {cpuUse.BusyCores:0.00} busy on average):"));
        output.WriteLine(Invariant($"     {"",-44} {"cores",6} {"CPU ms/request",15}"));
        foreach (var (name, cores) in cpuUse.Named)
        {
            output.WriteLine(Invariant($"     {name,-44} {cores,6:0.00} {MsPerRequest(cores),15:0.00}"));
        }

        output.WriteLine(Invariant($"     {"kernel interrupts (loopback TCP), no process",-44} {cpuUse.InterruptCores,6:0.00} {MsPerRequest(cpuUse.InterruptCores),15:0.00}"));
        output.WriteLine(Invariant($"     {"= the deployment",-44} {deploymentCores,6:0.00} {perRequest,15:0.00}"));
        output.WriteLine(Invariant($"     {"other processes on the machine",-44} {cpuUse.OtherCores,6:0.00}   (busiest: {string.Join(", ", cpuUse.BusiestOthers.Select(o => Invariant($"{o.Name} {o.Cores:0.00}")))})"));
        var vanished = Math.Max(0, cpuUse.BusyCores - deploymentCores - cpuUse.OtherCores);
        output.WriteLine(Invariant($"     {"processes that ended during the phase",-44} {vanished,6:0.00}   (this benchmark starts none during phase 2)"));
        var cpuCeiling = cpuUse.MachineCores * 1000 / perRequest;
        var free = cpuUse.MachineCores - cpuUse.OtherCores - vanished;
        // What moving tensors costs: each node's CPU beyond its partition's run, and one hop's CPU at each size.
        // The runs' CPU is the in-process chain's (thread CPU time), shared among the stages as their run times are.
        var runWall = inProcessStages.Select(Samples.P50).ToArray();
        var runCpu = inProcessCpuMs / n;
        var runs = runWall.Select(w => runCpu * w / runWall.Sum()).ToArray();
        output.WriteLine(Invariant($"   CPU per request of each node beyond its partition's run ({runCpu:0.00} CPU ms per request for all three in process, shared as their run times): decoding, copies, encoding, TLS, MQTT:"));
        for (var s = 0; s < pipeline.Stages.Count; s++)
        {
            var nodeMs = MsPerRequest(cpuUse.Named[Array.IndexOf(Nodes, pipeline.Stages[s].NodeId)].Cores);
            output.WriteLine(Invariant($"     stage {s + 1} ({pipeline.Stages[s].NodeId}): {nodeMs:0.00} CPU ms - run {runs[s]:0.00} ms = {nodeMs - runs[s]:0.00} ms"));
        }

        var labels = new[] { "app/gateway input" }.Concat(Enumerable.Range(1, payloads.Count).Select(s => $"stage {s} output")).ToList();
        output.WriteLine("   one hop's CPU (transfer probe: publisher + subscriber in this process, and the broker):");
        for (var i = 0; i < hops.Count; i++)
        {
            output.WriteLine(Invariant($"     {labels[i],-18} {(i == 0 ? inputMessage : payloads[i - 1]).Payload.Length / 1024.0,6:0} KiB: clients {hops[i].ClientCpuMs:0.00} ms, broker {hops[i].BrokerCpuMs:0.00} ms"));
        }

        var moving = perRequest - runCpu;
        output.WriteLine(Invariant($"   of the deployment's {perRequest:0.00} CPU ms per request, {runCpu:0.00} ms are the partitions' runs and {moving:0.00} ms ({moving / perRequest:P0}) go to moving tensors between them"));
        output.WriteLine(Invariant($"   [CPU ceiling] {cpuUse.MachineCores} cores / {perRequest:0.00} CPU ms per request = {cpuCeiling:0.0}/s if the machine were the deployment's alone;"));
        output.WriteLine(Invariant($"   the deployment kept {deploymentCores:0.00} of the {free:0.00} cores other processes left it busy ({Math.Min(1, deploymentCores / free):P0})."));
        output.WriteLine(Invariant($"   The slowest stage needs {loadedOccupancy[slowest]:0.00} ms per request, the whole deployment {perRequest:0.00} CPU ms = {perRequest / cpuUse.MachineCores:0.00} ms per request on {cpuUse.MachineCores} cores: {(perRequest / cpuUse.MachineCores > loadedOccupancy[slowest] ? "the machine's cores, not the slowest stage, bound the rate here, so the stage bound cannot be reached" : "the slowest stage, not the cores, bounds the rate here")}."));
    }

    /// <summary>Samples the gateway's requests in flight (every 100 ms) and each stage's node queue (from its health, every 2 s) until cancelled; returns their means.</summary>
    private static async Task<(double InFlight, double[] Waiting)> SampleQueuesAsync(Orchestrator orchestrator, int stages, CancellationToken cancellationToken)
    {
        var inFlight = new List<double>();
        var waiting = Enumerable.Range(0, stages).Select(_ => new List<double>()).ToArray();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            // Skip the first 2 s: the pipeline is filling, and the nodes' first reports may predate the phase.
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var pipeline = orchestrator.Status().Pipelines.Single();
                inFlight.Add(pipeline.Queued);
                for (var s = 0; s < Math.Min(stages, pipeline.Stages.Count); s++)
                {
                    if (pipeline.Stages[s].Metrics is { } metrics)
                    {
                        waiting[s].Add(metrics.Queued);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The phase ended.
        }

        return (inFlight.Count == 0 ? double.NaN : inFlight.Average(), [.. waiting.Select(w => w.Count == 0 ? double.NaN : w.Average())]);
    }

    /// <summary>Sends <paramref name="count"/> requests keeping <paramref name="outstanding"/> unanswered; returns when the first was sent and when each answer arrived (in arrival order).</summary>
    private static async Task<(long Sent, long[] Answered)> KeepFullAsync(PipelineClient client, long[] shape, ReadOnlyMemory<byte> data, int count, int outstanding, Func<ulong> nextId, CancellationToken cancellationToken)
    {
        using var window = new SemaphoreSlim(outstanding, outstanding);
        var answers = new Task<Answer>[count];
        long firstSent = 0;
        for (var i = 0; i < count; i++)
        {
            await window.WaitAsync(cancellationToken);
            var id = nextId();
            var (sentAt, answer) = await client.SendAsync(id, client.Request(id, shape, data), keepData: false, cancellationToken);
            firstSent = i == 0 ? sentAt : firstSent;
            answers[i] = answer;
            _ = answer.ContinueWith(_ => window.Release(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        var all = await Task.WhenAll(answers).WaitAsync(TimeSpan.FromMinutes(10), cancellationToken);
        return (firstSent, [.. all.Select(a => a.ReceivedAt).Order()]);
    }

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

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
