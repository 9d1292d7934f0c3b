using System.CommandLine;
using Vedliot.Cli.Output;
using Vedliot.Cli.Running;
using Vedliot.Runtime.Partitioning;

namespace Vedliot.Cli.Commands;

/// <summary><c>vedliot run</c>: run a model split into partitions and check it against the whole model.</summary>
internal static class RunCommand
{
    /// <summary>Exit code when the partitioned outputs differ from the whole model's.</summary>
    public const int OutputsDifferExitCode = 3;

    // The model's operation count bounds --partitions once it is read; this bound holds before that.
    private const int MaxPartitions = 10_000;

    // Each timed run is a whole inference; 100,000 of them is already hours on a large model.
    private const int MaxRepeat = 100_000;

    public static Command Create(CliContext context)
    {
        var model = new Argument<FileInfo>("model") { Description = "The ONNX model file (.onnx)." }.ExistingFile();
        var partitions = new Option<int>("--partitions", "-n")
        {
            Description = "Number of partitions to split the model into, chosen by --rule.",
            DefaultValueFactory = _ => 2,
        }.WholeNumber(1, MaxPartitions);
        var rule = new Option<CutRule>("--rule")
        {
            Description = "How cuts are chosen: BalancedOperations (equal operation counts) or FewestCrossingBytes (least data crossing the cuts, each partition at least half an equal share; sizes measured on the input).",
            DefaultValueFactory = _ => CutRule.BalancedOperations,
        };
        var cuts = new Option<List<int>>("--cuts")
        {
            Description = "Explicit cuts instead of --partitions: numbers of operations before each cut, e.g. --cuts 100,250.",
            CustomParser = OptionParsing.Positions,
            Arity = ArgumentArity.OneOrMore,
        };
        var cutTensors = new Option<List<string>>("--cut-at")
        {
            Description = "Explicit cuts at named tensors (comma-separated); each must be the only tensor crossing its cut.",
            CustomParser = result => [.. result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
            Arity = ArgumentArity.OneOrMore,
        };
        var input = CommonOptions.Inputs();
        var dims = CommonOptions.Dimensions();
        var seed = CommonOptions.Seed();
        var repeat = new Option<int>("--repeat") { Description = "Timed runs after the warm-up; latencies are medians.", DefaultValueFactory = _ => 5 }.WholeNumber(1, MaxRepeat);
        var rtol = new Option<double>("--rtol") { Description = "Relative tolerance when comparing with the whole model.", DefaultValueFactory = _ => 1e-3 }.Number(0, double.PositiveInfinity);
        var atol = new Option<double>("--atol") { Description = "Absolute tolerance when comparing with the whole model.", DefaultValueFactory = _ => 1e-5 }.Number(0, double.PositiveInfinity);
        var save = new Option<DirectoryInfo>("--save-partitions") { Description = "Write each partition as an .onnx file into this folder." }.OutputFolder();
        var provider = CommonOptions.Provider();
        var providerOptions = CommonOptions.ProviderOptions();
        var allowCpuFallback = CommonOptions.AllowCpuFallback();
        var threads = CommonOptions.Threads();
        var json = CommonOptions.Json();

        var command = new Command("run", "Run an ONNX model split into partitions, one after another, and check that the outputs match the unsplit model.")
        {
            model, partitions, rule, cuts, cutTensors, input, dims, seed, repeat, rtol, atol, save, provider, providerOptions, allowCpuFallback, threads, json,
        };
        command.Validators.Add(r =>
        {
            if (r.GetResult(cuts) is not null && r.GetResult(cutTensors) is not null)
            {
                r.AddError("give either --cuts or --cut-at, not both");
            }
        });

        command.SetAction(parse => context.Guard(() =>
        {
            var request = new RunRequest
            {
                ModelPath = parse.GetValue(model)!.FullName,
                Partitions = parse.GetValue(partitions),
                Rule = parse.GetValue(rule),
                Cuts = parse.GetValue(cuts) ?? [],
                CutTensors = parse.GetValue(cutTensors) ?? [],
                Inputs = parse.GetValue(input) ?? [],
                Dimensions = parse.GetValue(dims) ?? [],
                Seed = parse.GetValue(seed),
                Repeat = parse.GetValue(repeat),
                RelativeTolerance = parse.GetValue(rtol),
                AbsoluteTolerance = parse.GetValue(atol),
                SavePartitionsTo = parse.GetValue(save)?.FullName,
                Runtime = CommonOptions.RuntimeOptions(parse, provider, providerOptions, allowCpuFallback, threads),
            };
            var report = new ModelRun(context.TimeProvider).Execute(request);
            if (parse.GetValue(json))
            {
                context.Out.WriteLine(JsonOutput.Serialize(report));
            }
            else
            {
                RunReportView.Render(context.Console, report);
            }

            return report.Match.Matches ? 0 : OutputsDifferExitCode;
        }));
        return command;
    }
}
