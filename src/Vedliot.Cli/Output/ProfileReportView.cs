using System.Globalization;
using Spectre.Console;
using Vedliot.Hosting.Profiling;
using Vedliot.Runtime.Execution;
using Vedliot.Runtime.Platform;

namespace Vedliot.Cli.Output;

/// <summary>
/// Shows a profile as one row per block and one column per module: median latency and energy per
/// inference, modelled figures marked, unsupported blocks with their reason.
/// </summary>
internal static class ProfileReportView
{
    private const string ModelledMark = "ᵐ";

    public static void Render(IAnsiConsole console, ProfileReport report)
    {
        var table = report.Table;
        console.MarkupLineInterpolated($"[bold]Model[/]     {table.ModelName}  ({table.OperationCount} operations, {table.BlockCount} blocks; {table.BackendVersion})");
        foreach (var input in report.Inputs)
        {
            console.MarkupLineInterpolated($"[bold]Input[/]     {input.Name} {input.Type}  ({input.Source})");
        }

        console.MarkupLineInterpolated($"[bold]Exposure[/]  {ExposureView.Summary(report)}");
        var grid = new Table().Border(TableBorder.Rounded).Title("median latency ms / energy mJ per inference");
        grid.AddColumn("block");
        grid.AddColumn(new TableColumn("crossing after").RightAligned());
        grid.AddColumn(new TableColumn("exposure after").RightAligned());
        foreach (var module in report.Modules)
        {
            grid.AddColumn(new TableColumn(Markup.Escape(module.Presence == Presence.Emulated ? $"{module.Id} (emulated)" : module.Id)).RightAligned());
        }

        var reasons = new List<string>();
        for (var block = 0; block < table.BlockCount; block++)
        {
            var cells = new List<string>
            {
                $"{block + 1}: ops {table.FirstOperation(block)}..{table.EndOperation(block) - 1}",
                block < table.CrossingBytes.Count ? Units.Bytes(table.CrossingBytes[block]) : "-",
                ExposureView.After(report, block),
            };
            foreach (var module in report.Modules)
            {
                var entry = table.Entry(block, module.Id);
                if (!entry.Supported)
                {
                    reasons.Add(entry.Reason!);
                    cells.Add($"[grey]unsupported ({reasons.Count})[/]");
                    continue;
                }

                cells.Add(Markup.Escape(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{entry.LatencyP50Ms:0.000}{Mark(entry.LatencySource)} / {entry.EnergyJoules * 1000:0.###}{Mark(entry.EnergySource)}")));
            }

            grid.AddRow(cells.ToArray());
        }

        console.Write(grid);
        console.MarkupLine($"{ModelledMark} modelled: from a device model (emulated module) or a power model (no energy meter); unmarked figures are measured on this machine.");
        for (var i = 0; i < reasons.Count; i++)
        {
            console.MarkupLineInterpolated($"({i + 1}) {reasons[i]}");
        }
    }

    private static string Mark(FigureSource source) => source == FigureSource.Modelled ? ModelledMark : string.Empty;
}
