using System.CommandLine;
using Vedliot.Accelerators.OnnxRuntime;

namespace Vedliot.Cli.Commands;

/// <summary>Options that several verbs share, so that they are spelled and documented once.</summary>
internal static class CommonOptions
{
    /// <summary>Most intra-op threads: ONNX Runtime starts them all at session creation, and far more than cores only thrashes (100,000 hung).</summary>
    public const int MaxThreads = 256;

    /// <summary>Largest size of a generated input's dimension: 2^20 elements, so a generated tensor stays allocatable.</summary>
    public const int MaxDimension = 1 << 20;

    public static Option<string> Provider() => new("--provider")
    {
        Description = $"ONNX Runtime execution provider: {string.Join(", ", ExecutionProviders.Names)}. An absent provider is an error, never a fall-back.",
        DefaultValueFactory = _ => "CPU",
    };

    public static Option<Dictionary<string, string>> ProviderOptions() => new("--provider-option")
    {
        Description = "An execution provider option KEY=VALUE, passed to ONNX Runtime (repeatable), e.g. device_id=0.",
        CustomParser = result => OptionParsing.KeyValues(result, "--provider-option"),
        AllowMultipleArgumentsPerToken = false,
        Arity = ArgumentArity.ZeroOrMore,
    };

    /// <summary>Most candidate cuts: every block is measured on every module, so 1,000 blocks is already a long profile.</summary>
    public const int MaxCandidateCuts = 1000;

    public static Option<int> CandidateCuts() => new Option<int>("--candidate-cuts")
    {
        Description = "How many candidate cuts divide the model into blocks.",
        DefaultValueFactory = _ => 12,
    }.WholeNumber(0, MaxCandidateCuts);

    public static Option<bool> AllowCpuFallback() => new("--allow-cpu-fallback")
    {
        Description = "Let nodes the chosen provider cannot run fall back to the CPU provider (off by default).",
    };

    public static Option<int> Threads() => new Option<int>("--threads")
    {
        Description = "Threads inside an operator (ONNX Runtime intra-op threads); 0 lets ONNX Runtime choose.",
        DefaultValueFactory = _ => 0,
    }.WholeNumber(0, MaxThreads);

    public static Option<List<(string? Name, string Path)>> Inputs() => new("--input", "-i")
    {
        Description = "An input file: an ONNX TensorProto (.pb) or NumPy array (.npy); NAME=PATH feeds input NAME, a bare PATH the next input (repeatable). Inputs not given are generated.",
        CustomParser = OptionParsing.InputFiles,
        Arity = ArgumentArity.OneOrMore,
    };

    public static Option<Dictionary<string, long>> Dimensions() => new("--dim")
    {
        Description = "Size of a symbolic input dimension for generated inputs, NAME=SIZE (repeatable). Unsized leading dimensions are 1, others 64.",
        CustomParser = OptionParsing.Dimensions,
        Arity = ArgumentArity.OneOrMore,
    };

    public static Option<int> Seed() => new Option<int>("--seed") { Description = "Seed for generated inputs.", DefaultValueFactory = _ => 42 }.WholeNumber(int.MinValue, int.MaxValue);

    public static Option<bool> Json() => new("--json")
    {
        Description = "Print the result as JSON instead of a table.",
    };

    public static OnnxRuntimeOptions RuntimeOptions(ParseResult parse, Option<string> provider, Option<Dictionary<string, string>> providerOptions, Option<bool> allowCpuFallback, Option<int> threads) => new()
    {
        ExecutionProvider = parse.GetValue(provider)!,
        ProviderOptions = parse.GetValue(providerOptions) ?? [],
        AllowCpuFallback = parse.GetValue(allowCpuFallback),
        IntraOpThreads = parse.GetValue(threads),
    };
}
