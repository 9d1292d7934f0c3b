using Vedliot.Benchmarks;

// Benchmarks print figures and ratios against a named baseline measured in the same run; they assert nothing.
var options = BenchmarkOptions.Parse(args);
if (options.Runs("partitioning"))
{
    PartitioningBenchmarks.Run(options, Console.Out);
    Console.WriteLine();
}

if (options.Runs("prediction"))
{
    PredictionAccuracyBenchmark.Run(options, Console.Out);
    Console.WriteLine();
}

if (options.Runs("placement"))
{
    PlacementOnRealModelBenchmark.Run(options, Console.Out);
    Console.WriteLine();
}

if (options.Runs("decoding"))
{
    ImageDecodingBenchmark.Run(options, Console.Out);
}
