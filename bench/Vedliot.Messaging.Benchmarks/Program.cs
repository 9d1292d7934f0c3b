using System.Globalization;
using Vedliot.Messaging.Benchmarks;
using Vedliot.Messaging.Packets;

// Vedliot's MQTT client vs MQTT.js, both through the same mosquitto started here, in the same run.
// Usage: dotnet run -c Release --project bench/Vedliot.Messaging.Benchmarks [-- --quick]
var quick = args.Contains("--quick");
var scale = quick ? 0.2 : 1.0;
int N(int count) => Math.Max(10, (int)(count * scale));

await using var broker = await BenchBroker.StartAsync();
await using var vedliot = new VedliotRunner(broker.Port);
Console.WriteLine(FormattableString.Invariant($"mosquitto on 127.0.0.1:{broker.Port}; MQTT.js {MqttJsRunner.MqttJsVersion}; node {Environment.GetEnvironmentVariable("NODE_VERSION") ?? "(system)"}; {Environment.ProcessorCount} cores{(quick ? "; quick mode" : string.Empty)}"));
Console.WriteLine();
Console.WriteLine($"{"measurement",-42}{"Vedliot",14}{"MQTT.js",14}{"ratio",10}");
Console.WriteLine(new string('-', 80));

void Row(string name, double ours, double theirs, string unit, bool lowerIsBetter = false)
{
    var ratio = lowerIsBetter ? theirs / ours : ours / theirs;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-42}{ours,10:0.###} {unit,-3}{theirs,10:0.###} {unit,-3}{ratio,9:0.00}x"));
}

// Each figure is the best of `Rounds` runs, Vedliot and MQTT.js alternating, so that load from other
// processes on the machine hits both sides alike. One warm-up run (JIT) precedes, not reported.
const int Rounds = 3;
await vedliot.MessagesPerSecondAsync(MqttQualityOfService.AtMostOnce, 20_000, 100);

async Task<(double Ours, double Theirs)> BestAsync(Func<Task<double>> ours, Func<Task<double>> theirs, bool lowerIsBetter = false)
{
    var (bestOurs, bestTheirs) = lowerIsBetter ? (double.MaxValue, double.MaxValue) : (0.0, 0.0);
    for (var round = 0; round < Rounds; round++)
    {
        var a = await ours();
        var b = await theirs();
        (bestOurs, bestTheirs) = lowerIsBetter ? (Math.Min(bestOurs, a), Math.Min(bestTheirs, b)) : (Math.Max(bestOurs, a), Math.Max(bestTheirs, b));
    }

    return (bestOurs, bestTheirs);
}

foreach (var (qos, count) in new[] { (MqttQualityOfService.AtMostOnce, N(300_000)), (MqttQualityOfService.AtLeastOnce, N(100_000)) })
{
    var (ours, theirs) = await BestAsync(
        () => vedliot.MessagesPerSecondAsync(qos, count, 100),
        async () => (await MqttJsRunner.RunAsync(broker.Port, "rate", (int)qos, count, 100)).GetProperty("messagesPerSecond").GetDouble());
    Row($"QoS {(int)qos} msg/s, 100 B, pub->sub ({count:N0} msgs)", ours / 1000, theirs / 1000, "k/s");
}

foreach (var (size, label, iterations, bulk) in new[] { (1024, "1 KB", N(2000), N(20_000)), (100 * 1024, "100 KB", N(1000), N(3000)), (1024 * 1024, "1 MB", N(200), N(400)) })
{
    var latencies = new List<((double P50, double P99) Ours, (double P50, double P99) Theirs)>();
    for (var round = 0; round < Rounds; round++)
    {
        var ours = await vedliot.TensorLatencyAsync(size, iterations);
        var js = await MqttJsRunner.RunAsync(broker.Port, "latency", 0, iterations, size);
        latencies.Add((ours, (js.GetProperty("p50Ms").GetDouble(), js.GetProperty("p99Ms").GetDouble())));
    }

    var bestOurs = latencies.Select(l => l.Ours).MinBy(l => l.P50);
    var bestTheirs = latencies.Select(l => l.Theirs).MinBy(l => l.P50);
    Row($"{label} tensor one-hop latency p50", bestOurs.P50, bestTheirs.P50, "ms", lowerIsBetter: true);
    Row($"{label} tensor one-hop latency p99", bestOurs.P99, bestTheirs.P99, "ms", lowerIsBetter: true);
    var (throughput, theirThroughput) = await BestAsync(
        () => vedliot.TensorThroughputAsync(size, bulk),
        async () => (await MqttJsRunner.RunAsync(broker.Port, "bulk", 0, bulk, size)).GetProperty("megabytesPerSecond").GetDouble());
    Row($"{label} tensor throughput ({bulk:N0} frames)", throughput, theirThroughput, "MB/s");
    if (size > 1024)
    {
        var (raw, theirRaw) = await BestAsync(
            () => vedliot.RawThroughputAsync(size, bulk),
            async () => (await MqttJsRunner.RunAsync(broker.Port, "bulk", 0, bulk, size)).GetProperty("megabytesPerSecond").GetDouble());
        Row($"{label} raw payload throughput (no framing)", raw, theirRaw, "MB/s");
    }
}

Console.WriteLine();
Console.WriteLine($"Best of {Rounds} alternating runs. Ratios > 1 favour Vedliot (for latency: MQTT.js time / Vedliot time). Tensor runs use QoS 0;");
Console.WriteLine("Vedliot's figures include frame encoding, CRC-32C and decoding with verification; MQTT.js moves raw bytes of the same size.");
Console.WriteLine("The Vedliot subscriber uses PooledReceiveBuffers (payloads of 64 KiB and more read into pooled buffers) and a 1 GiB QoS 0 queue budget.");
