using System.CommandLine;
using Vedliot.Accelerators.Conformance;
using Vedliot.Cli.Output;

namespace Vedliot.Cli.Commands;

/// <summary>
/// <c>vedliot conformance</c>: check partitioning and partitioned execution against ONNX's own
/// backend test data (Debian package libonnx-testdata).
/// </summary>
internal static class ConformanceCommand
{
    public const string DefaultDataDirectory = "/usr/share/libonnx-testdata/data";

    public static readonly string[] DefaultSuites = ["node", "pytorch-converted", "pytorch-operator", "simple"];

    public static Command Create(CliContext context)
    {
        var suites = new Argument<List<DirectoryInfo>>("suites")
        {
            Description = $"Folders of backend tests (each test a folder with model.onnx and test_data_set_N). Default: {string.Join(", ", DefaultSuites)} under {DefaultDataDirectory}.",
            Arity = ArgumentArity.ZeroOrMore,
        }.ExistingFolders();
        var provider = CommonOptions.Provider();
        var providerOptions = CommonOptions.ProviderOptions();
        var allowCpuFallback = CommonOptions.AllowCpuFallback();
        var threads = CommonOptions.Threads();
        var json = CommonOptions.Json();
        var command = new Command("conformance", "Run ONNX's backend test models whole and split at every cut, and compare with their reference outputs (rtol 1e-3, atol 1e-7).")
        {
            suites, provider, providerOptions, allowCpuFallback, threads, json,
        };
        command.SetAction(parse => context.Guard(() =>
        {
            var folders = parse.GetValue(suites) is { Count: > 0 } given
                ? given.Select(d => d.FullName).ToList()
                : DefaultSuites.Select(s => Path.Combine(DefaultDataDirectory, s)).ToList();
            var missing = folders.FirstOrDefault(f => !Directory.Exists(f));
            if (missing is not null)
            {
                throw new Runtime.VedliotException($"{missing}: folder not found (ONNX's backend test data comes with the Debian package libonnx-testdata; ./eng/bootstrap.sh --tests installs it)");
            }

            var runtime = CommonOptions.RuntimeOptions(parse, provider, providerOptions, allowCpuFallback, threads);
            var report = new BackendConformance(runtime).Run(BackendConformance.FindTests(folders));
            context.Out.Write(parse.GetValue(json) ? JsonOutput.Serialize(report) + Environment.NewLine : report.Format());
            return report.Failed == 0 ? 0 : CliContext.ErrorExitCode;
        }));
        return command;
    }
}
