using System.Globalization;

namespace Vedliot.Benchmarks;

/// <summary>Command-line settings of the benchmark run.</summary>
/// <param name="Iterations">Timed runs of each contender (interleaved).</param>
/// <param name="Threads">ONNX Runtime intra-op threads, the same for every contender.</param>
/// <param name="DepsDirectory">Where eng/bootstrap.sh unpacked the model packages.</param>
/// <param name="RepositoryRoot">The repository, for platform descriptors.</param>
/// <param name="Only">The one benchmark to run (partitioning, prediction, placement, decoding); null for all.</param>
internal sealed record BenchmarkOptions(int Iterations, int Threads, string DepsDirectory, string RepositoryRoot, string? Only)
{
    /// <summary>The benchmarks by name, for <c>--only</c>.</summary>
    public static readonly string[] Names = ["partitioning", "prediction", "placement", "decoding"];

    /// <summary>True when the benchmark called <paramref name="name"/> is to run.</summary>
    public bool Runs(string name) => Only is null || Only == name;

    public static BenchmarkOptions Parse(string[] args)
    {
        var iterations = 60;
        var threads = 1;
        string? only = null;
        var root = FindRoot();
        var deps = Environment.GetEnvironmentVariable("VEDLIOT_DEPS_DIR") ?? Path.Combine(root, ".deps");
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--iterations":
                    iterations = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--threads":
                    threads = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--only" when Names.Contains(args[i + 1]):
                    only = args[i + 1];
                    break;
                default:
                    throw new ArgumentException($"unknown option or value {args[i]} {args[i + 1]}; known: --iterations N, --threads N, --only {string.Join("|", Names)}");
            }
        }

        return new BenchmarkOptions(iterations, threads, deps, root, only);
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

        throw new InvalidOperationException("run the benchmarks from inside the repository");
    }
}
