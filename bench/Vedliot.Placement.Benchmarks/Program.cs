using System.Globalization;
using Vedliot.Placement.Benchmarks;
using Vedliot.Runtime.Placement;

// Prints solver times per objective beside a naive dynamic programme on the same chains; asserts nothing.
var firstStageAttested = new PlacementConstraints { Attestation = AttestationRequirement.FirstStage };
var objectives = Enum.GetValues<PlacementObjective>();
var output = Console.Out;
output.WriteLine("Placement solver vs naive DP (median ms; ratio = solver / naive; 'same' = equal optimum)");

var chain = SyntheticChains.Create(cuts: 200, moduleCount: 8, seed: 7, firstStageAttested);
Report(output, "200-cut chain x 8 modules (goal <= 50 ms)", chain, objectives, naiveRuns: 1, naiveEdp: false);

var small = SyntheticChains.Create(cuts: 40, moduleCount: 8, seed: 7, firstStageAttested);
Report(output, "40-cut chain x 8 modules (naive EDP with full Pareto frontiers)", small, [PlacementObjective.EnergyDelayProduct], naiveRuns: 1, naiveEdp: true);

var ocrShaped = SyntheticChains.Create(cuts: 329, moduleCount: 6, seed: 11, firstStageAttested);
Report(output, "synthetic PP-OCRv4-shaped chain: 330 operations (every cut) x 6 modules (goal <= 200 ms)", ocrShaped, objectives, naiveRuns: 1, naiveEdp: false);

var withBaselines = Timing.MedianMs(() => PlacementSolver.SolveWithBaselines(chain, PlacementObjective.Latency), 2, 9);
output.WriteLine(Invariant($"200 x 8, latency with both baselines: {withBaselines:0.00} ms"));

// Fleets: 1,000 modules in 12 classes, beside the same 12 parameter sets as 12 single modules.
var fleet = SyntheticChains.Fleet(cuts: 329, modules: 1000, classCount: 12, seed: 13);
var singles = SyntheticChains.Fleet(cuts: 329, modules: 12, classCount: 12, seed: 13);
output.WriteLine();
output.WriteLine("Fleet: 1,000 modules in 12 classes x 330 blocks (goal <= 1000 ms, exact), beside 12 single modules of the same classes");
foreach (var objective in objectives)
{
    var fleetMs = Timing.MedianMs(() => PlacementSolver.Solve(fleet, objective), 1, 5);
    var singlesMs = Timing.MedianMs(() => PlacementSolver.Solve(singles, objective), 1, 5);
    var placement = PlacementSolver.Solve(fleet, objective);
    output.WriteLine(Invariant($"  {objective,-19} fleet {fleetMs,8:0.00} ms ({(fleetMs <= 1000 ? "met" : "NOT met")}, {(placement.IsHeuristic ? "heuristic" : "exact")})  12 single modules {singlesMs,8:0.00} ms  ratio {fleetMs / singlesMs:0.00}  {placement.Stages.Count} stages  {string.Join(" > ", placement.Stages.Select(s => s.ModuleId))}"));
}

// The heuristic past the exact reach: a reach of 8 layers on 8-block chains over 8 distinct modules, against the exact solver.
output.WriteLine();
output.WriteLine("Heuristic gap (reach 8 layers instead of 4,096; 300 chains of 8 blocks x 8 modules; gap = how much worse than the exact optimum)");
foreach (var objective in objectives)
{
    var gaps = new List<double>();
    for (var seed = 0; seed < 300; seed++)
    {
        var chain8 = SyntheticChains.Create(cuts: 7, moduleCount: 8, seed: 1000 + seed, PlacementConstraints.None);
        var exact = PlacementSolver.Solve(chain8, objective);
        try
        {
            var heuristic = PlacementSolver.Solve(chain8, objective, reach: 8);
            if (heuristic.IsHeuristic)
            {
                gaps.Add(objective == PlacementObjective.Throughput ? (exact.ObjectiveValue / heuristic.ObjectiveValue) - 1 : (heuristic.ObjectiveValue / exact.ObjectiveValue) - 1);
            }
        }
        catch (PlacementInfeasibleException)
        {
            gaps.Add(double.PositiveInfinity);
        }
    }

    output.WriteLine(Invariant($"  {objective,-19} heuristic on {gaps.Count} of 300; gap mean {(gaps.Count == 0 ? 0 : gaps.Where(double.IsFinite).DefaultIfEmpty(0).Average()):P2}, max {(gaps.Count == 0 ? 0 : gaps.Where(double.IsFinite).DefaultIfEmpty(0).Max()):P2}, no placement found {gaps.Count(g => !double.IsFinite(g))}"));
}

// What a person reading the placement sees: why each stage is where it is, and the baselines.
var report = PlacementSolver.SolveWithBaselines(ocrShaped, PlacementObjective.Latency);
output.WriteLine();
output.WriteLine(Invariant($"PP-OCRv4-shaped chain, latency: {report.Placement.LatencyMs:0.00} ms, {report.Placement.ThroughputPerSecond:0.0}/s, {report.Placement.EnergyJoules:0.000} J"));
foreach (var stage in report.Placement.Stages)
{
    output.WriteLine($"  - {stage.Why}");
}

foreach (var baseline in new[] { report.BestSingleModule, report.BestTwoWaySplit })
{
    output.WriteLine(Invariant($"  {baseline.Name}: {(baseline.Placement is { } p ? $"{p.LatencyMs:0.00} ms, placement/baseline = {baseline.Ratio:0.000}" : baseline.InfeasibleReason)}"));
}

static void Report(TextWriter output, string title, PlacementProblem problem, IEnumerable<PlacementObjective> objectives, int naiveRuns, bool naiveEdp)
{
    output.WriteLine();
    output.WriteLine(title);
    var naive = new NaiveChainDp(problem);
    foreach (var objective in objectives)
    {
        var solverMs = Timing.MedianMs(() => PlacementSolver.Solve(problem, objective), 10, 21);
        var placement = PlacementSolver.Solve(problem, objective);
        var (naiveName, naiveRun, solverValue) = objective switch
        {
            PlacementObjective.Latency => ("naive DP", (Func<double>)(() => naive.Minimize(1, 0, bottleneck: false)), placement.LatencyMs),
            PlacementObjective.Energy => ("naive DP", () => naive.Minimize(0, 1, bottleneck: false), placement.EnergyJoules),
            PlacementObjective.Throughput => ("naive min-max DP", () => naive.Minimize(1, 0, bottleneck: true), placement.BottleneckMs),
            _ => ("naive Pareto DP", naiveEdp ? naive.MinimizeEnergyDelayProduct : null, placement.LatencyMs * placement.EnergyJoules),
        };
        var line = Invariant($"  {objective,-19} solver {solverMs,8:0.00} ms  {placement.Stages.Count} stages  {string.Join(" > ", placement.Stages.Select(s => s.ModuleId))}");
        if (naiveRun is not null)
        {
            var naiveValue = 0.0;
            var naiveMs = Timing.MedianMs(() => naiveValue = naiveRun(), 0, naiveRuns);
            var same = Math.Abs(naiveValue - solverValue) <= 1e-9 * Math.Max(1, Math.Abs(naiveValue));
            line += Invariant($"  | {naiveName} {naiveMs:0.0} ms  ratio {solverMs / naiveMs:0.0000}  {(same ? "same" : $"DIFFERENT ({naiveValue} vs {solverValue})")}");
        }

        output.WriteLine(line);
    }
}

static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
