using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;
using Vedliot.Attestation.Verifier;
using Vedliot.Pipelines;
using Vedliot.Runtime.Deployment.Protocol;
using Vedliot.Runtime.Execution;
using Vedliot.Runtime.Platform;

namespace Vedliot.Cli.Output;

/// <summary>
/// Renders a deployment's status: the nodes with their trust, then per pipeline its end-to-end figures and
/// a row per stage with what its node measures (or models, for an emulated module: labelled) beside what
/// the placement predicted.
/// </summary>
internal static class DeploymentStatusView
{
    public static IRenderable Render(DeploymentStatus status)
    {
        var nodes = new Table().Title($"[bold]{Markup.Escape(status.UseCase)}[/]: {status.Phase.ToString().ToLowerInvariant()} at {status.Time.ToLocalTime():HH:mm:ss}")
            .AddColumns("node", "module", "kind", "hardware", "state", "trust");
        foreach (var node in status.Nodes)
        {
            nodes.AddRow(
                Markup.Escape(node.NodeId),
                Markup.Escape(node.ModuleId),
                node.Kind.ToString().ToUpperInvariant(),
                Hardware(node.Presence),
                node.State == NodeState.Online ? "online" : "[red]offline[/]",
                Trust(node.Trust, node.TrustDetail));
        }

        return new Rows([nodes, .. status.Pipelines.Select(Pipeline)]);
    }

    private static Table Pipeline(PipelineStatus pipeline)
    {
        var title = string.Create(CultureInfo.InvariantCulture,
            $"[bold]{Markup.Escape(pipeline.Name)}[/] ({Markup.Escape(pipeline.Objective)}, placement {pipeline.Generation}, {State(pipeline)}): {pipeline.Completed} answered, {pipeline.Failed} failed, {pipeline.Duplicates} duplicates dropped, {pipeline.Queued} queued; stages' run time p50 {Ms(pipeline.StageLatencyP50Ms)}, {pipeline.ThroughputPerSecond:0.#}/s");
        var table = new Table().Title(title).AddColumns("stage", "node", "hardware", "trust", "ops", "runs", "p50", "p95", "predicted", "energy/run", "predicted energy", "energy from");
        foreach (var stage in pipeline.Stages)
        {
            var m = stage.Metrics;
            table.AddRow(
                stage.Index.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(stage.NodeId),
                Hardware(stage.Presence),
                Trust(stage.Trust, string.Empty),
                Markup.Escape(stage.Operations),
                m is null ? "-" : m.Completed.ToString(CultureInfo.InvariantCulture),
                m is null ? "-" : Ms(m.LatencyP50Ms) + Source(m.LatencySource),
                m is null ? "-" : Ms(m.LatencyP95Ms),
                Ms(stage.PredictedLatencyMs),
                m is null ? "-" : Energy(m.EnergyPerRunJoules) + Source(m.EnergySource),
                Energy(stage.PredictedEnergyJoules),
                m is null ? "-" : Markup.Escape(m.EnergyMeter));
        }

        return table;
    }

    private static string State(PipelineStatus pipeline) => pipeline.State switch
    {
        PipelineState.Running => "[green]running[/]",
        PipelineState.Stalled => "[red]stalled[/]: " + Markup.Escape(pipeline.Reason),
        var other => other.ToString().ToLowerInvariant(),
    };

    private static string Hardware(Presence presence) => presence == Presence.Emulated ? "[yellow]emulated[/]" : "present";

    private static string Trust(TrustState trust, string detail) => trust switch
    {
        TrustState.Trusted => "[green]attested[/]",
        TrustState.Untrusted => "[red]untrusted[/]" + (detail.Length > 0 ? ": " + Markup.Escape(detail) : string.Empty),
        _ => "unknown",
    };

    private static string Ms(double value) => value.ToString("0.### 'ms'", CultureInfo.InvariantCulture);

    private static string Energy(double joules) => joules >= 1 ? joules.ToString("0.### 'J'", CultureInfo.InvariantCulture) : (joules * 1000).ToString("0.### 'mJ'", CultureInfo.InvariantCulture);

    private static string Source(FigureSource source) => source == FigureSource.Modelled ? " [yellow]modelled[/]" : " measured";
}
