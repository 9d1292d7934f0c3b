using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;
using Vedliot.Attestation.Verifier;
using Vedliot.Runtime.Deployment.Protocol;
using Vedliot.Runtime.Execution;
using Vedliot.Runtime.Platform;

namespace Vedliot.Cli.Output;

/// <summary>Renders a deployment's status: nodes with their trust, then each pipeline's stages with what they measure.</summary>
internal static class DeploymentStatusView
{
    public static IRenderable Render(DeploymentStatus status)
    {
        var nodes = new Table().Title($"[bold]{Markup.Escape(status.UseCase)}[/]: {Markup.Escape(status.Phase)} ({status.Time.ToLocalTime():HH:mm:ss})")
            .AddColumns("node", "module", "kind", "hardware", "state", "trust");
        foreach (var node in status.Nodes)
        {
            nodes.AddRow(
                Markup.Escape(node.NodeId),
                Markup.Escape(node.ModuleId),
                node.Kind.ToString().ToUpperInvariant(),
                node.Presence == Presence.Emulated ? "[yellow]emulated[/]" : "present",
                node.State == NodeState.Online ? "online" : "[red]offline[/]",
                Trust(node.Trust, node.TrustDetail));
        }

        var stages = new Table().AddColumns("pipeline", "stage", "node", "trust", "ops", "requests", "p50 ms", "p95 ms", "predicted ms", "energy/run", "energy source");
        foreach (var pipeline in status.Pipelines)
        {
            stages.AddRow(
                $"[bold]{Markup.Escape(pipeline.Name)}[/] g{pipeline.Generation}",
                Markup.Escape(pipeline.Objective),
                string.Empty,
                string.Empty,
                string.Empty,
                string.Create(CultureInfo.InvariantCulture, $"{pipeline.Completed}/{pipeline.Accepted} ({pipeline.InFlight} in flight, {pipeline.Resent} resent)"),
                Ms(pipeline.LatencyP50Ms),
                Ms(pipeline.LatencyP95Ms),
                string.Empty,
                string.Create(CultureInfo.InvariantCulture, $"{pipeline.ThroughputPerSecond:0.#}/s end to end"),
                string.Empty);
            foreach (var stage in pipeline.Stages)
            {
                var metrics = stage.Metrics;
                stages.AddRow(
                    string.Empty,
                    stage.Index.ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(stage.NodeId) + (stage.Presence == Presence.Emulated ? " [yellow](emulated)[/]" : string.Empty),
                    Trust(stage.Trust, string.Empty),
                    Markup.Escape(stage.Operations),
                    metrics is null ? "-" : metrics.Completed.ToString(CultureInfo.InvariantCulture),
                    metrics is null ? "-" : Ms(metrics.LatencyP50Ms) + Source(metrics.LatencySource),
                    metrics is null ? "-" : Ms(metrics.LatencyP95Ms),
                    Ms(stage.PredictedLatencyMs),
                    metrics is null ? "-" : Energy(metrics.EnergyPerRunJoules) + Source(metrics.EnergySource),
                    metrics is null ? "-" : Markup.Escape(metrics.EnergyMeter));
            }
        }

        return new Rows(nodes, stages);
    }

    private static string Trust(TrustState trust, string detail) => trust switch
    {
        TrustState.Trusted => "[green]attested[/]",
        TrustState.Untrusted => "[red]untrusted[/]" + (detail.Length > 0 ? " " + Markup.Escape(detail) : string.Empty),
        _ => "unknown",
    };

    private static string Ms(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Energy(double joules) => joules >= 1 ? joules.ToString("0.### J", CultureInfo.InvariantCulture) : (joules * 1000).ToString("0.### mJ", CultureInfo.InvariantCulture);

    private static string Source(FigureSource source) => source == FigureSource.Modelled ? " [yellow](modelled)[/]" : string.Empty;
}
