using Spectre.Console;
using Vedliot.Cli.Running;

namespace Vedliot.Cli.Output;

/// <summary>Shows a <see cref="RunReport"/> as a table with a header and a verdict line.</summary>
internal static class RunReportView
{
    public static void Render(IAnsiConsole console, RunReport report)
    {
        console.MarkupLineInterpolated($"[bold]Model[/]     {report.Model}  ({report.Nodes} nodes, {report.Operations} operations)");
        foreach (var input in report.Inputs)
        {
            console.MarkupLineInterpolated($"[bold]Input[/]     {input.Name} {input.Type}  ({input.Source})");
        }

        console.MarkupLineInterpolated($"[bold]Runtime[/]   ONNX Runtime {report.OnnxRuntimeVersion}, {report.Provider}; median of {report.Repetitions} runs after a warm-up");
        console.MarkupLineInterpolated($"[bold]Cuts[/]      {report.CutRule}");

        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("partition");
        table.AddColumn("operations");
        table.AddColumn(new TableColumn("nodes").RightAligned());
        table.AddColumn("tensors crossing the cut after it");
        table.AddColumn(new TableColumn("bytes").RightAligned());
        table.AddColumn(new TableColumn("latency ms").RightAligned());
        foreach (var partition in report.Partitions)
        {
            var crossing = partition.CrossingAfter.Count == 0
                ? "[grey]-[/]"
                : string.Join("\n", partition.CrossingAfter.Select(c => Markup.Escape($"{c.Name} ({Units.Bytes(c.Bytes)})")));
            table.AddRow(
                $"{partition.Index}/{report.Partitions.Count}",
                $"{partition.FirstOperation}..{partition.LastOperation} ({partition.Operations})",
                partition.Nodes.ToString(System.Globalization.CultureInfo.InvariantCulture),
                crossing,
                partition.CrossingAfter.Count == 0 ? "-" : Units.Bytes(partition.CrossingBytes),
                Units.Milliseconds(partition.LatencyMs));
        }

        table.AddEmptyRow();
        table.AddRow("[bold]partitioned[/]", string.Empty, string.Empty, string.Empty, string.Empty, $"[bold]{Units.Milliseconds(report.PartitionedLatencyMs)}[/]");
        table.AddRow("[bold]whole model[/]", $"0..{report.Operations - 1} ({report.Operations})", report.Nodes.ToString(System.Globalization.CultureInfo.InvariantCulture), string.Empty, string.Empty, $"[bold]{Units.Milliseconds(report.WholeLatencyMs)}[/]");
        console.Write(table);

        foreach (var path in report.SavedPartitions)
        {
            console.MarkupLineInterpolated($"[bold]Saved[/]     {path}");
        }

        var match = report.Match;
        if (match.Matches)
        {
            console.MarkupLineInterpolated($"[green]Outputs match the unsplit model[/]: max |difference| {match.MaxAbsoluteDifference:G3} (rtol {match.RelativeTolerance:G}, atol {match.AbsoluteTolerance:G})");
        }
        else
        {
            console.MarkupLineInterpolated($"[red]Outputs differ from the unsplit model[/]: {match.Mismatch}");
        }
    }
}
