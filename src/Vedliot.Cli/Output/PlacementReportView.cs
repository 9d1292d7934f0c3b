using System.Globalization;
using Spectre.Console;
using Vedliot.Runtime.Placement;
using Vedliot.Runtime.Platform;

namespace Vedliot.Cli.Output;

/// <summary>Shows a placement: one row per stage with why it is there, the predicted totals, and the baselines.</summary>
internal static class PlacementReportView
{
    public static void Render(IAnsiConsole console, PlacementReport report, IReadOnlyList<Module> modules)
    {
        string Label(string id) => modules.FirstOrDefault(m => m.Id == id)?.Presence == Presence.Emulated ? $"{id} (emulated)" : id;
        var placement = report.Placement;
        var stages = new Table().Border(TableBorder.Rounded).Title($"placement for {Name(placement.Objective)}");
        stages.AddColumns("stage", "operations", "module", "latency", "energy", "transfer in", "why");
        for (var i = 0; i < placement.Stages.Count; i++)
        {
            var stage = placement.Stages[i];
            stages.AddRow(
                (i + 1).ToString(CultureInfo.InvariantCulture),
                $"{stage.FirstOperation}..{stage.EndOperation - 1}",
                Markup.Escape(Label(stage.ModuleId)),
                Format($"{stage.LatencyMs:0.###} ms"),
                Format($"{stage.EnergyJoules * 1000:0.###} mJ"),
                Format($"{stage.TransferInMs:0.###} ms"),
                Markup.Escape(stage.Why));
        }

        console.Write(stages);
        console.MarkupLine(Markup.Escape(Format($"Predicted: latency {placement.LatencyMs:0.###} ms, throughput {placement.ThroughputPerSecond:0.#}/s, energy {placement.EnergyJoules * 1000:0.###} mJ per inference, EDP {placement.EnergyDelayProductJouleSeconds:G3} J·s")));
        if (placement.IsHeuristic)
        {
            console.MarkupLine("[yellow]heuristic[/]: the search went past its exact reach and left out some classes of modules; this placement meets every constraint but may not be optimal.");
        }

        if (placement.Stages.Any(s => modules.FirstOrDefault(m => m.Id == s.ModuleId)?.Presence == Presence.Emulated))
        {
            console.MarkupLine("[yellow]emulated[/] stages are predicted from their modules' device models (modelled figures).");
        }

        var baselines = new Table().Border(TableBorder.Rounded).Title("baselines");
        baselines.AddColumns("baseline", "stages", Name(placement.Objective), "placement / baseline");
        foreach (var baseline in new[] { report.BestSingleModule, report.BestTwoWaySplit })
        {
            if (baseline.Placement is not { } alternative)
            {
                baselines.AddRow(Markup.Escape(baseline.Name), Markup.Escape($"infeasible: {baseline.InfeasibleReason}"), "-", "-");
                continue;
            }

            baselines.AddRow(
                Markup.Escape(baseline.Name),
                Markup.Escape(string.Join(" → ", alternative.Stages.Select(s => Label(s.ModuleId)))),
                Format($"{alternative.ObjectiveValue:G4}"),
                baseline.Ratio is { } ratio ? Format($"{ratio:0.###}") : "-");
        }

        console.Write(baselines);
    }

    private static string Name(PlacementObjective objective) => objective switch
    {
        PlacementObjective.Latency => "latency ms",
        PlacementObjective.Energy => "energy J",
        PlacementObjective.EnergyDelayProduct => "energy-delay product J·s",
        _ => "throughput /s",
    };

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
