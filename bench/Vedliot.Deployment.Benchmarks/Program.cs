using Vedliot.Deployment.Benchmarks;

// A 3-stage pipeline over MQTT on loopback (app → broker → stages → broker → app, through the real PipelineClient)
// against the same partitions run in this process, in the same run.
// Prints figures and ratios against named baselines; asserts nothing.
// Usage: dotnet run -c Release --project bench/Vedliot.Deployment.Benchmarks [-- options]; see --help.
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(DeploymentBenchmarkOptions.Usage);
    return 0;
}

var options = DeploymentBenchmarkOptions.Parse(args);
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Stop measuring, but let everything started be disposed: no broker, TPM or node agent is left behind.
    e.Cancel = true;
    cancel.Cancel();
};
await PipelineBenchmark.RunAsync(options, Console.Out, cancel.Token);
return 0;
