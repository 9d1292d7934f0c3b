using System.Globalization;
using SharpFuzz;
using Vedliot.Fuzzing;

// The fuzzing driver. eng/fuzz.sh runs `afl` under afl-fuzz on instrumented assemblies; the other commands
// need no instrumentation.
const string Usage = """
    usage: Vedliot.Fuzz list
           Vedliot.Fuzz seeds TARGET DIR                write TARGET's seed corpus into DIR
           Vedliot.Fuzz afl TARGET                      run TARGET under afl-fuzz (SharpFuzz fork server)
           Vedliot.Fuzz replay TARGET FILE... | --hex HEX   run inputs once and print each outcome or finding
           Vedliot.Fuzz campaign [--inputs N] [--seed S] [TARGET...]   the bounded fixed-seed run CI makes
    """;

if (args.Length == 0)
{
    Console.Error.WriteLine(Usage);
    return 2;
}

try
{
    switch (args[0])
    {
        case "list":
            foreach (var target in FuzzTargets.All)
            {
                Console.WriteLine($"{target.Name,-20} {target.Parser}");
            }

            return 0;
        case "seeds" when args.Length == 3:
            {
                var target = FuzzTargets.Get(args[1]);
                Directory.CreateDirectory(args[2]);
                var seeds = target.Seeds();
                for (var i = 0; i < seeds.Count; i++)
                {
                    File.WriteAllBytes(Path.Combine(args[2], $"seed-{i:D3}"), seeds[i]);
                }

                Console.WriteLine($"{target.Name}: {seeds.Count} seeds in {args[2]}");
                return 0;
            }

        case "afl" when args.Length == 2:
            {
                // Nothing instrumented may run before SharpFuzz maps afl-fuzz's coverage memory (instrumented
                // code writes to it), so the target is looked up inside the fuzzed action.
                FuzzTarget? target = null;
                Fuzzer.OutOfProcess.Run(stream =>
                {
                    target ??= FuzzTargets.Get(args[1]);
                    using var buffer = new MemoryStream();
                    stream.CopyTo(buffer);
                    FuzzGuard.Run(target, buffer.ToArray());
                });
                return 0;
            }

        case "replay" when args.Length >= 3:
            {
                var target = FuzzTargets.Get(args[1]);
                var inputs = args[2] == "--hex"
                    ? args.Skip(3).Select(h => ("hex", Convert.FromHexString(h)))
                    : args.Skip(2).Select(f => (f, File.ReadAllBytes(f)));
                var failed = 0;
                foreach (var (name, input) in inputs)
                {
                    try
                    {
                        Console.WriteLine($"{name}: {FuzzGuard.Run(target, input)}");
                    }
#pragma warning disable CA1031 // A finding is printed, not thrown.
                    catch (Exception ex)
#pragma warning restore CA1031
                    {
                        failed++;
                        Console.WriteLine($"{name}: FINDING {ex}");
                    }
                }

                return failed == 0 ? 0 : 1;
            }

        case "campaign":
            {
                var (inputs, seed, names) = (4000, 20261203, new List<string>());
                for (var i = 1; i < args.Length; i++)
                {
                    switch (args[i])
                    {
                        case "--inputs" when i + 1 < args.Length:
                            inputs = int.Parse(args[++i], CultureInfo.InvariantCulture);
                            break;
                        case "--seed" when i + 1 < args.Length:
                            seed = int.Parse(args[++i], CultureInfo.InvariantCulture);
                            break;
                        default:
                            names.Add(args[i]);
                            break;
                    }
                }

                var found = 0;
                foreach (var target in names.Count == 0 ? FuzzTargets.All : names.Select(FuzzTargets.Get))
                {
                    var result = Campaign.Run(target, inputs, seed);
                    Console.WriteLine(result);
                    foreach (var finding in result.Findings)
                    {
                        Console.WriteLine("  " + finding.Replace("\n", "\n    ", StringComparison.Ordinal));
                    }

                    found += result.Findings.Count;
                }

                return found == 0 ? 0 : 1;
            }

        default:
            Console.Error.WriteLine(Usage);
            return 2;
    }
}
catch (ArgumentException ex) when (ex.ParamName == "name")
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}
