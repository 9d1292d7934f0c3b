using System.CommandLine;
using Vedliot.Cli.Output;
using Vedliot.Hosting.Profiling;
using Vedliot.Runtime.Exposure;
using Vedliot.Runtime.Placement;
using Vedliot.Runtime.Profiling;

namespace Vedliot.Cli.Commands;

/// <summary><c>vedliot place</c>: where each stage of a model should run on a platform, and why.</summary>
internal static class PlaceCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Argument<FileInfo>("model") { Description = "The ONNX model file (.onnx)." }.ExistingFile();
        var platform = new Option<FileInfo>("--platform") { Description = "The platform descriptor whose modules the stages are placed on.", Required = true }.ExistingFile();
        var objective = new Option<PlacementObjective>("--objective")
        {
            Description = "What to optimise: latency, energy, edp (energy-delay product) or throughput (pipelined, bounded by the slowest stage or transfer).",
            DefaultValueFactory = _ => PlacementObjective.Latency,
            CustomParser = r => Choice(r, PlacementVocabulary.Objectives, "--objective"),
            HelpName = string.Join('|', PlacementVocabulary.Objectives.Keys),
        };
        var requireAttested = new Option<AttestationRequirement>("--require-attested")
        {
            Description = "Stages that must run on attested modules: none, first (the stage that sees raw input) or all.",
            DefaultValueFactory = _ => AttestationRequirement.None,
            CustomParser = r => Choice(r, PlacementVocabulary.AttestationRequirements, "--require-attested"),
            HelpName = string.Join('|', PlacementVocabulary.AttestationRequirements.Keys),
        };
        var attested = new Option<List<string>>("--attested") { Description = "Modules whose nodes are attested (comma-separated), until node agents report their attestation.", CustomParser = Ids, Arity = ArgumentArity.OneOrMore };
        var exclude = new Option<List<string>>("--exclude") { Description = "Modules that may not be used (comma-separated).", CustomParser = Ids, Arity = ArgumentArity.OneOrMore };
        var maxStages = new Option<int?>("--max-stages") { Description = "The most stages the pipeline may have." }.WholeNumber(1, CommonOptions.MaxCandidateCuts + 1);
        var pins = new Option<Dictionary<string, string>>("--pin")
        {
            Description = "Pin a block to a module, BLOCK=MODULE (blocks numbered from 1 as in `vedliot profile`; repeatable).",
            CustomParser = r => OptionParsing.KeyValues(r, "--pin"),
            Arity = ArgumentArity.OneOrMore,
        };
        var maxExposure = new Option<double?>("--max-exposure")
        {
            Description = "The most a cut may reveal of the input (0 to 1, as `vedliot profile` measures it) where its tensors leave the attested modules or cross an unencrypted link.",
        }.Number(0, 1);
        var candidates = CommonOptions.CandidateCuts();
        var noCache = new Option<bool>("--no-cache") { Description = "Profile again even when a cached profile exists." };
        var input = CommonOptions.Inputs();
        var dims = CommonOptions.Dimensions();
        var seed = CommonOptions.Seed();
        var threads = CommonOptions.Threads();
        var json = CommonOptions.Json();
        var command = new Command("place", "Place a model's stages on a platform's modules for an objective under constraints, and compare with the best single module and the best two-way split.")
        {
            model, platform, objective, requireAttested, attested, exclude, maxStages, pins, maxExposure, candidates, noCache, input, dims, seed, threads, json,
        };
        command.Validators.Add(r => CheckPinsUpFront(r, pins, candidates));
        command.SetAction((parse, cancellationToken) => context.GuardAsync(async () =>
        {
            var profilerOptions = new ProfilerOptions { CandidateCuts = parse.GetValue(candidates) };
            var request = new ProfileRequest
            {
                ModelPath = parse.GetValue(model)!.FullName,
                PlatformPath = parse.GetValue(platform)!.FullName,
                Inputs = parse.GetValue(input) ?? [],
                Dimensions = parse.GetValue(dims) ?? [],
                Seed = parse.GetValue(seed),
                Runtime = new() { IntraOpThreads = parse.GetValue(threads) },
                Profiler = parse.GetValue(noCache) ? profilerOptions with { CacheDirectory = null } : profilerOptions,
                PlatformModulesOnly = true,
                Exposure = parse.GetValue(maxExposure) is null ? null : new ExposureOptions(),
            };
            ExactSolverCapacity.EnsureSolvable(Runtime.Platform.Descriptors.PlatformDescriptor.Load(request.PlatformPath), parse.GetValue(exclude) ?? [], parse.GetValue(requireAttested), parse.GetValue(attested) ?? []);
            var profile = await ProfilingWithProgress.RunAsync(context, request, cancellationToken);
            var attestedModules = (parse.GetValue(attested) ?? []).ToHashSet(StringComparer.Ordinal);
            var constraints = new PlacementConstraints
            {
                Attestation = parse.GetValue(requireAttested),
                MaxStages = parse.GetValue(maxStages),
                PinnedBlocks = PinnedBlocks(parse.GetValue(pins) ?? [], profile.Table.BlockCount, profile.Modules.Select(m => m.Id).ToHashSet(StringComparer.Ordinal)),
                Exposure = parse.GetValue(maxExposure) is { } bound
                    ? (profile.Exposure ?? throw new Runtime.VedliotException($"--max-exposure: {profile.ExposureNotMeasured}")).Limit(bound, profile.Table.CandidateCuts)
                    : null,
            };
            var problem = PlacementProblems.FromProfile(profile.Table, profile.Inventory, constraints, m => attestedModules.Contains(m.Id), (parse.GetValue(exclude) ?? []).ToHashSet(StringComparer.Ordinal));
            var report = PlacementSolver.SolveWithBaselines(problem, parse.GetValue(objective));
            if (parse.GetValue(json))
            {
                context.Out.WriteLine(JsonOutput.Serialize(new { profile.Table.ModelName, Modules = profile.Modules.Select(m => new { m.Id, m.Presence }), report, profile.Exposure }));
            }
            else
            {
                PlacementReportView.Render(context.Console, report, profile.Modules);
                if (constraints.Exposure is { } limit)
                {
                    context.Out.WriteLine(ExposureView.Boundaries(report.Placement, limit));
                }
            }

            return 0;
        }));
        return command;
    }

    private static T Choice<T>(System.CommandLine.Parsing.ArgumentResult result, IReadOnlyDictionary<string, T> choices, string option)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (choices.TryGetValue(text.ToLowerInvariant(), out var value))
        {
            return value;
        }

        result.AddError($"{option} '{text}': expected one of {string.Join(", ", choices.Keys)}");
        return default!;
    }

    private static List<string> Ids(System.CommandLine.Parsing.ArgumentResult result) =>
        [.. result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];

    // A model has at most --candidate-cuts + 1 blocks; fewer when it has fewer cut points, checked after profiling.
    private static void CheckPinsUpFront(System.CommandLine.Parsing.CommandResult result, Option<Dictionary<string, string>> pins, Option<int> candidates)
    {
        var cutsToken = result.GetResult(candidates) is { Tokens: [.., var last] } ? last.Value : "12";
        if (!int.TryParse(cutsToken, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var cuts) || cuts > CommonOptions.MaxCandidateCuts)
        {
            return; // --candidate-cuts reports its own error
        }

        foreach (var token in result.GetResult(pins)?.Tokens ?? [])
        {
            if (!OptionParsing.TrySplit(token.Value, out var block, out _))
            {
                continue; // the KEY=VALUE parser reports this
            }

            if (BlockNumber(block) is not { } number || number > cuts + 1)
            {
                result.AddError($"--pin {token.Value}: expected BLOCK=MODULE with BLOCK a whole number from 1 to {cuts + 1} (--candidate-cuts {cuts} makes at most {cuts + 1} blocks, numbered as `vedliot profile` shows)");
            }
        }
    }

    private static int? BlockNumber(string text) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) && number >= 1 ? number : null;

    private static Dictionary<int, string> PinnedBlocks(Dictionary<string, string> pins, int blockCount, HashSet<string> modules)
    {
        var blocks = new Dictionary<int, string>();
        foreach (var (block, module) in pins)
        {
            if (BlockNumber(block) is not { } number || number > blockCount)
            {
                throw new Runtime.VedliotException($"--pin {block}={module}: this model's profile has blocks 1 to {blockCount}");
            }

            if (!modules.Contains(module))
            {
                throw new Runtime.VedliotException($"--pin {block}={module}: no module '{module}' on the platform; its modules are {string.Join(", ", modules.Order(StringComparer.Ordinal))}");
            }

            blocks[number - 1] = module;
        }

        return blocks;
    }
}
