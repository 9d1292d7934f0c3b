using System.Globalization;

namespace Vedliot.Deployment.Benchmarks;

/// <summary>Command-line settings of the deployment benchmark.</summary>
/// <param name="Quick">A short run (fewer requests), for a smoke test of the benchmark itself.</param>
/// <param name="LatencyRequests">Requests sent one at a time over MQTT, and as many in-process runs, interleaved.</param>
/// <param name="ThroughputRequests">Requests sent with <paramref name="Outstanding"/> in flight.</param>
/// <param name="Outstanding">Requests the app keeps in flight during the throughput phase (its PipelineClient's MaxInFlight).</param>
/// <param name="WarmupRequests">Requests sent (and in-process runs made) before measuring.</param>
/// <param name="TransferSamples">One-hop publishes timed per payload size.</param>
/// <param name="Model">The model deployed: <c>det</c> (PP-OCRv4 text detection) or <c>rec</c> (PP-OCRv4 text recognition).</param>
/// <param name="Size">The detector's input height and width (a multiple of 32), or the recogniser's input width.</param>
/// <param name="Verbose">Print the node agents' logs.</param>
/// <param name="DepsDirectory">Where eng/bootstrap.sh unpacked the model packages.</param>
internal sealed record DeploymentBenchmarkOptions(
    bool Quick,
    int LatencyRequests,
    int ThroughputRequests,
    int Outstanding,
    int WarmupRequests,
    int TransferSamples,
    string Model,
    int Size,
    bool Verbose,
    string DepsDirectory)
{
    public const string Usage = """
        A 3-stage pipeline over MQTT on loopback (mosquitto, one swtpm and one node agent process per node;
        the orchestrator, off the request path, and the app's PipelineClient here) against the same partitions
        run one after another in this process. Requests go app → broker → stage 1 → … → stage 3 → broker → app.

        Options:
          --quick                   40 latency and 300 throughput requests (under a minute)
          --latency-requests N      requests sent one at a time, interleaved with in-process runs (default 200)
          --throughput-requests N   requests sent with --outstanding in flight (default 1000: the nodes'
                                    metrics window holds 1000 runs, so their figures cover this phase only)
          --outstanding N           requests the app keeps in flight: its PipelineClient's MaxInFlight (default 48)
          --model det|rec           PP-OCRv4 text detection [1,3,S,S] or recognition [1,3,48,S] (default rec)
          --size S                  the input size S above, a multiple of 32 (default 320 for rec, 160 for det)
          --verbose                 print the node agents' logs
          --help                    this text
        """;

    public static DeploymentBenchmarkOptions Parse(string[] args)
    {
        var quick = args.Contains("--quick");
        var latency = quick ? 40 : 200;
        var throughput = quick ? 300 : 1000;
        var outstanding = 48;
        var model = "rec";
        int? size = null;
        var verbose = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    break;
                case "--verbose":
                    verbose = true;
                    break;
                case "--latency-requests":
                    latency = Positive(args, ++i);
                    break;
                case "--throughput-requests":
                    throughput = Positive(args, ++i);
                    break;
                case "--outstanding":
                    outstanding = Positive(args, ++i);
                    break;
                case "--model":
                    model = ++i < args.Length && args[i] is "det" or "rec" ? args[i] : throw new ArgumentException("--model takes det or rec");
                    break;
                case "--size":
                    size = Positive(args, ++i);
                    if (size % 32 != 0)
                    {
                        throw new ArgumentException($"--size {size}: the PP-OCR models need a multiple of 32");
                    }

                    break;
                default:
                    throw new ArgumentException($"unknown option {args[i]}; see --help");
            }
        }

        var deps = Environment.GetEnvironmentVariable("VEDLIOT_DEPS_DIR") ?? Path.Combine(FindRoot(), ".deps");
        return new DeploymentBenchmarkOptions(quick, latency, throughput, outstanding, quick ? 10 : 20, quick ? 30 : 100, model, size ?? (model == "det" ? 160 : 320), verbose, deps);
    }

    private static int Positive(string[] args, int index)
    {
        if (index >= args.Length || !int.TryParse(args[index], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
        {
            throw new ArgumentException($"{args[index - 1]} takes a positive whole number");
        }

        return value;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Vedliot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("run the benchmark from inside the repository, or set VEDLIOT_DEPS_DIR");
    }
}
