using System.Globalization;
using Vedliot.Messaging.Benchmarks;
using Vedliot.Messaging.Packets;

// Vedliot's MQTT client vs MQTT.js, both through the same mosquitto started here, in the same run.
// Usage: dotnet run -c Release --project bench/Vedliot.Messaging.Benchmarks [-- options]; see --help.
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine("""
        Vedliot MQTT client vs MQTT.js through one mosquitto started for the run.

        Options:
          --quick            a fifth of the message and frame counts (about 30 s)
          --only LIST        comma-separated subset of: qos0, qos1, 1kb, 100kb, 1mb (default: all)
          --rounds N         alternating rounds per figure, best reported (default: 3)
          --frames N         frame count of the 1 MB throughput rows (default: 400, 80 with --quick)
          --gc               after each Vedliot figure, print its garbage collections per generation
                             and bytes allocated (summed over the rounds, this process only)
          --cpu              after each message-rate figure, print CPU time per message of each client
                             process and of mosquitto (best round of each side), to see which one limits
          --cold-broker      skip the broker warm-up (one 4 MB message before measuring; see README)
          --help             this text
        """);
    return;
}

var quick = args.Contains("--quick");
var scale = quick ? 0.2 : 1.0;
int N(int count) => Math.Max(10, (int)(count * scale));
string? Value(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
var only = Value("--only")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
bool Selected(string row) => only is null || only.Contains(row);
var rounds = Value("--rounds") is { } r ? int.Parse(r, CultureInfo.InvariantCulture) : 3;
var megabyteFrames = Value("--frames") is { } f ? int.Parse(f, CultureInfo.InvariantCulture) : N(400);
var gcStats = args.Contains("--gc");
var warmBroker = !args.Contains("--cold-broker");
var cpuStats = args.Contains("--cpu");

await using var broker = await BenchBroker.StartAsync();
if (warmBroker)
{
    await broker.WarmUpAsync();
}

await using var vedliot = new VedliotRunner(broker.Port, () => broker.RecentLog);
Console.WriteLine(FormattableString.Invariant($"mosquitto on 127.0.0.1:{broker.Port}; MQTT.js {MqttJsRunner.MqttJsVersion}; node {Environment.GetEnvironmentVariable("NODE_VERSION") ?? "(system)"}; {Environment.ProcessorCount} cores; .NET GC {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}{(quick ? "; quick mode" : string.Empty)}"));
Console.WriteLine(FormattableString.Invariant($"broker {(warmBroker ? "warmed up with one 4 MB message" : "cold (not warmed up)")}; machine idle {await IdlePercentAsync()} before the run"));
Console.WriteLine();
Console.WriteLine($"{"measurement",-42}{"Vedliot",14}{"MQTT.js",14}{"ratio",10}");
Console.WriteLine(new string('-', 80));

void Row(string name, double ours, double theirs, string unit, bool lowerIsBetter = false)
{
    var ratio = lowerIsBetter ? theirs / ours : ours / theirs;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-42}{ours,10:0.###} {unit,-3}{theirs,10:0.###} {unit,-3}{ratio,9:0.00}x"));
}

// Each figure is the best of `rounds` runs, Vedliot and MQTT.js alternating, so that load from other
// processes on the machine hits both sides alike. One warm-up run (JIT) precedes, not reported.
await vedliot.MessagesPerSecondAsync(MqttQualityOfService.AtMostOnce, 20_000, 100);

async Task<(double Ours, double Theirs)> BestAsync(Func<Task<double>> ours, Func<Task<double>> theirs, bool lowerIsBetter = false)
{
    var (bestOurs, bestTheirs) = lowerIsBetter ? (double.MaxValue, double.MaxValue) : (0.0, 0.0);
    var gc = GcCounter.Start();
    for (var round = 0; round < rounds; round++)
    {
        gc.Resume();
        var a = await ours();
        gc.Pause();
        var b = await theirs();
        (bestOurs, bestTheirs) = lowerIsBetter ? (Math.Min(bestOurs, a), Math.Min(bestTheirs, b)) : (Math.Max(bestOurs, a), Math.Max(bestTheirs, b));
    }

    if (gcStats)
    {
        Console.WriteLine("    " + gc.Describe(rounds));
    }

    return (bestOurs, bestTheirs);
}

foreach (var (qos, count, row) in new[] { (MqttQualityOfService.AtMostOnce, N(300_000), "qos0"), (MqttQualityOfService.AtLeastOnce, N(100_000), "qos1") })
{
    if (!Selected(row))
    {
        continue;
    }

    // CPU microseconds per message of the client process and of mosquitto, from each side's fastest round.
    (double Rate, double ClientUs, double BrokerUs) oursCpu = default, theirsCpu = default;
    var (ours, theirs) = await BestAsync(
        async () =>
        {
            var (client, brokerCpu) = (ProcessCpu(), broker.CpuTime);
            var rate = await vedliot.MessagesPerSecondAsync(qos, count, 100);
            if (rate > oursCpu.Rate)
            {
                oursCpu = (rate, (ProcessCpu() - client).TotalMicroseconds / count, (broker.CpuTime - brokerCpu).TotalMicroseconds / count);
            }

            return rate;
        },
        async () =>
        {
            var brokerCpu = broker.CpuTime;
            var result = await MqttJsRunner.RunAsync(broker.Port, "rate", (int)qos, count, 100);
            var rate = result.GetProperty("messagesPerSecond").GetDouble();
            if (rate > theirsCpu.Rate)
            {
                theirsCpu = (rate, result.GetProperty("cpuMs").GetDouble() * 1000 / count, (broker.CpuTime - brokerCpu).TotalMicroseconds / count);
            }

            return rate;
        });
    if (cpuStats)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    CPU per message: Vedliot process {oursCpu.ClientUs:0.0} us + mosquitto {oursCpu.BrokerUs:0.0} us; MQTT.js process {theirsCpu.ClientUs:0.0} us + mosquitto {theirsCpu.BrokerUs:0.0} us"));
    }

    Row($"QoS {(int)qos} msg/s, 100 B, pub->sub ({count:N0} msgs)", ours / 1000, theirs / 1000, "k/s");
}

foreach (var (size, label, iterations, bulk, row) in new[] { (1024, "1 KB", N(2000), N(20_000), "1kb"), (100 * 1024, "100 KB", N(1000), N(3000), "100kb"), (1024 * 1024, "1 MB", N(200), megabyteFrames, "1mb") })
{
    if (!Selected(row))
    {
        continue;
    }

    var latencies = new List<((double P50, double P99) Ours, (double P50, double P99) Theirs)>();
    for (var round = 0; round < rounds; round++)
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
Console.WriteLine($"Machine idle {await IdlePercentAsync()} after the run: other work on the machine slows both sides, unevenly.");
Console.WriteLine($"Best of {rounds} alternating runs. Ratios > 1 favour Vedliot (for latency: MQTT.js time / Vedliot time). Tensor runs use QoS 0;");
Console.WriteLine("Vedliot's figures include frame encoding, CRC-32C and decoding with verification; MQTT.js moves raw bytes of the same size.");
Console.WriteLine("The Vedliot subscriber uses PooledReceiveBuffers (payloads of 64 KiB and more read into pooled buffers) and a 1 GiB QoS 0 queue budget.");

// Share of CPU time the machine spent idle over two seconds (Linux /proc/stat), as a hint of how much
// else is running: below about 90% before or after the run, other work probably skewed the figures.
static async Task<string> IdlePercentAsync()
{
    static (long Idle, long Total)? Sample()
    {
        if (!File.Exists("/proc/stat"))
        {
            return null;
        }

        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        return (fields[3] + fields[4], fields.Sum());
    }

    var before = Sample();
    await Task.Delay(TimeSpan.FromSeconds(2));
    var after = Sample();
    return before is { } b && after is { } a && a.Total > b.Total
        ? string.Create(CultureInfo.InvariantCulture, $"{100.0 * (a.Idle - b.Idle) / (a.Total - b.Total):0}%")
        : "(unknown)";
}

static TimeSpan ProcessCpu()
{
    using var self = System.Diagnostics.Process.GetCurrentProcess();
    return self.TotalProcessorTime;
}
