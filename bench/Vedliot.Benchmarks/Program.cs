using Vedliot.Benchmarks;

// Benchmarks print figures and ratios against a named baseline measured in the same run; they assert nothing.
var options = BenchmarkOptions.Parse(args);
PartitioningBenchmarks.Run(options, Console.Out);
Console.WriteLine();
PredictionAccuracyBenchmark.Run(options, Console.Out);
Console.WriteLine();
PlacementOnRealModelBenchmark.Run(options, Console.Out);
Console.WriteLine();
ImageDecodingBenchmark.Run(options, Console.Out);
