using System.Net;
using System.Text;
using Vedliot.Hosting.Profiling;
using Vedliot.Runtime.Execution;
using Vedliot.Runtime.Platform;

namespace Vedliot.Cli.Output;

/// <summary>
/// Writes a profile as a standalone HTML page with SVG plots (latency and energy per block and
/// module, modelled figures hatched; the latency/energy front of placements; exposure against depth) and the full table. The page needs no network and no scripts
/// to show its plots; a small script only records what rendered, for automated checks.
/// </summary>
internal static class ProfileHtmlReport
{
    private static readonly string[] Colours = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"];

    public static string Render(ProfileReport report, IReadOnlyList<Runtime.Placement.Placement> front)
    {
        var table = report.Table;
        var blocks = Enumerable.Range(0, table.BlockCount).Select(b => $"ops {table.FirstOperation(b)}..{table.EndOperation(b) - 1}").ToList();
        var modules = report.Modules.Select(m => m.Presence == Presence.Emulated ? $"{m.Id} (emulated)" : m.Id).ToList();
        SvgBarChart.Bar Pick(int block, int module, Func<Runtime.Profiling.BlockProfile, (double Value, FigureSource Source)> figure)
        {
            var entry = table.Entry(block, report.Modules[module].Id);
            if (!entry.Supported)
            {
                return new SvgBarChart.Bar(null, false);
            }

            var (value, source) = figure(entry);
            return new SvgBarChart.Bar(value, source == FigureSource.Modelled);
        }

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(WebUtility.HtmlEncode($"Vedliot profile: {table.ModelName}"))
            .Append("</title><style>body{font-family:sans-serif;margin:24px;color:#222}table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th:first-child,td:first-child{text-align:left}.note{color:#555;font-size:13px}</style></head><body>");
        html.Append("<h1>").Append(WebUtility.HtmlEncode(table.ModelName)).Append("</h1>");
        html.Append("<p class=\"note\">").Append(WebUtility.HtmlEncode($"{table.OperationCount} operations in {table.BlockCount} blocks; {table.BackendVersion}. Hatched bars are modelled (emulated module or power model), solid bars measured on this machine.")).Append("</p>");
        html.Append("<h2>Latency per block (median, ms)</h2>");
        html.Append(SvgBarChart.Render("latency", "latency ms", blocks, modules, (b, m) => Pick(b, m, e => (e.LatencyP50Ms, e.LatencySource)), Colours));
        html.Append("<h2>Energy per block (mJ per inference)</h2>");
        html.Append(SvgBarChart.Render("energy", "energy mJ", blocks, modules, (b, m) => Pick(b, m, e => (e.EnergyJoules * 1000, e.EnergySource)), Colours));
        html.Append("<h2>Latency/energy front of placements</h2><p class=\"note\">Each point is a placement of the blocks on the modules (one stage per module) that is optimal for some weighting of latency against energy, predicted from the profile.</p>");
        html.Append(SvgFrontChart.Render("front", front.Select(p => new SvgFrontChart.Point(p.LatencyMs, p.EnergyJoules * 1000, string.Join(" → ", p.Stages.Select(s => s.ModuleId)))).ToList()));
        html.Append("<h2>Exposure against depth</h2><p class=\"note\">").Append(WebUtility.HtmlEncode(ExposureView.Summary(report))).Append(". A cut whose exposure exceeds a manifest's max_exposure is used only between attested modules joined by an encrypted link.</p>");
        if (report.Exposure is { } exposure)
        {
            html.Append(SvgExposureChart.Render("exposure", exposure, table.OperationCount));
        }

        html.Append("<h2>Table</h2><table><tr><th>block</th><th>crossing after</th><th>exposure after</th>");
        foreach (var module in modules)
        {
            html.Append("<th>").Append(WebUtility.HtmlEncode(module)).Append("</th>");
        }

        html.Append("</tr>");
        for (var b = 0; b < table.BlockCount; b++)
        {
            html.Append("<tr><td>").Append(WebUtility.HtmlEncode(blocks[b])).Append("</td><td>")
                .Append(b < table.CrossingBytes.Count ? Units.Bytes(table.CrossingBytes[b]) : "-").Append("</td><td>")
                .Append(ExposureView.After(report, b)).Append("</td>");
            foreach (var module in report.Modules)
            {
                var entry = table.Entry(b, module.Id);
                var text = entry.Supported
                    ? $"{Units.Milliseconds(entry.LatencyP50Ms)} ms{(entry.LatencySource == FigureSource.Modelled ? " (modelled)" : string.Empty)} / {entry.EnergyJoules * 1000:0.###} mJ{(entry.EnergySource == FigureSource.Modelled ? " (modelled)" : string.Empty)}"
                    : $"unsupported: {entry.Reason}";
                html.Append("<td>").Append(WebUtility.HtmlEncode(text)).Append("</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</table>");

        // Records each chart's laid-out size and bar count, so a headless browser can confirm the plots rendered.
        html.Append("<script>window.addEventListener('load',()=>{const r={};document.querySelectorAll('svg.chart').forEach(s=>{const b=s.getBoundingClientRect();r[s.id]={width:b.width,height:b.height,bars:s.querySelectorAll('rect.bar').length,points:s.querySelectorAll('circle.point').length}});document.body.setAttribute('data-rendered',JSON.stringify(r));});</script>");
        html.Append("</body></html>");
        return html.ToString();
    }
}
