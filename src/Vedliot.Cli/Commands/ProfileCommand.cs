using System.CommandLine;
using Spectre.Console;
using Vedliot.Cli.Output;
using Vedliot.Hosting.Profiling;
using Vedliot.Runtime.Exposure;
using Vedliot.Runtime.Placement;
using Vedliot.Runtime.Profiling;

namespace Vedliot.Cli.Commands;

/// <summary><c>vedliot profile</c>: latency and energy of each block of a model on each module.</summary>
internal static class ProfileCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Argument<FileInfo>("model") { Description = "The ONNX model file (.onnx)." }.ExistingFile();
        var platform = new Option<FileInfo>("--platform") { Description = "A platform descriptor; its modules not present here are profiled through their device models (labelled modelled)." }.ExistingFile();
        var candidates = CommonOptions.CandidateCuts();
        var jsonOut = new Option<FileInfo>("--json") { Description = "Also write the profile as JSON to this file." }.OutputFile();
        var htmlOut = new Option<FileInfo>("--report") { Description = "Also write an HTML report with plots to this file." }.OutputFile();
        var noCache = new Option<bool>("--no-cache") { Description = "Measure again even when a cached profile exists." };
        var noExposure = new Option<bool>("--no-exposure") { Description = "Do not measure how much of the input each cut reveals (exposure)." };
        var input = CommonOptions.Inputs();
        var dims = CommonOptions.Dimensions();
        var seed = CommonOptions.Seed();
        var threads = CommonOptions.Threads();

        var command = new Command("profile", "Measure each block of a model on each module (real modules measured, emulated ones modelled) and print latency and energy per inference.")
        {
            model, platform, candidates, jsonOut, htmlOut, noCache, noExposure, input, dims, seed, threads,
        };
        command.SetAction((parse, cancellationToken) => context.GuardAsync(async () =>
        {
            var defaults = new ProfilerOptions();
            var request = new ProfileRequest
            {
                ModelPath = parse.GetValue(model)!.FullName,
                PlatformPath = parse.GetValue(platform)?.FullName,
                Inputs = parse.GetValue(input) ?? [],
                Dimensions = parse.GetValue(dims) ?? [],
                Seed = parse.GetValue(seed),
                Runtime = new() { IntraOpThreads = parse.GetValue(threads) },
                Profiler = defaults with { CandidateCuts = parse.GetValue(candidates), CacheDirectory = parse.GetValue(noCache) ? null : defaults.CacheDirectory },
                Exposure = parse.GetValue(noExposure) ? null : new ExposureOptions(),
            };

            var report = await ProfilingWithProgress.RunAsync(context, request, cancellationToken);
            ProfileReportView.Render(context.Console, report);
            if (parse.GetValue(jsonOut) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, JsonOutput.Serialize(report), cancellationToken);
                context.Console.MarkupLineInterpolated($"[bold]Saved[/]     {file.FullName}");
            }

            if (parse.GetValue(htmlOut) is { } page)
            {
                var problem = PlacementProblems.FromProfile(report.Table, report.Inventory, PlacementConstraints.None, _ => true, new HashSet<string>());
                await File.WriteAllTextAsync(page.FullName, ProfileHtmlReport.Render(report, PlacementSolver.LatencyEnergyFront(problem)), cancellationToken);
                context.Console.MarkupLineInterpolated($"[bold]Saved[/]     {page.FullName}");
            }

            return 0;
        }));
        return command;
    }
}
