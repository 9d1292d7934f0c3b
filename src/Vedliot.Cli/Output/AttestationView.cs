using Spectre.Console;
using Vedliot.Attestation.Measurement;
using Vedliot.Attestation.Verifier;

namespace Vedliot.Cli.Output;

/// <summary>Shows a node's measurement log and its trust verdict.</summary>
internal static class AttestationView
{
    public static void Render(IAnsiConsole console, string tpm, AttestationResult result, MeasurementLog log)
    {
        console.MarkupLineInterpolated($"[bold]Node[/]      {result.NodeId}  (TPM: {tpm})");
        var table = new Table().Border(TableBorder.Rounded).Title($"measurement log (PCR {log.Pcr}, SHA-256)");
        table.AddColumns("#", "type", "name", "digest");
        foreach (var entry in log.Events)
        {
            table.AddRow(entry.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), entry.Type.ToString(), Markup.Escape(entry.Name), Convert.ToHexStringLower(entry.Digest.Span));
        }

        console.Write(table);
        console.MarkupLine(result.Trusted
            ? $"[green]trusted[/]: {Markup.Escape(result.Detail)}"
            : $"[red]untrusted[/] ({result.Failure}): {Markup.Escape(result.Detail)}");
    }
}
