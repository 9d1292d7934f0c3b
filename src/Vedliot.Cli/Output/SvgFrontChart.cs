using System.Globalization;
using System.Net;
using System.Text;

namespace Vedliot.Cli.Output;

/// <summary>
/// Draws a latency/energy front as inline SVG: one point per placement, joined in order of latency,
/// each titled with the modules its stages run on.
/// </summary>
internal static class SvgFrontChart
{
    private const int Width = 900;
    private const int Height = 360;
    private const int Left = 80;
    private const int Bottom = 50;
    private const int Top = 20;
    private const int Right = 20;

    /// <summary>One placement on the front.</summary>
    public sealed record Point(double LatencyMs, double EnergyMillijoules, string Label);

    public static string Render(string id, IReadOnlyList<Point> points)
    {
        var maxLatency = Math.Max(points.Select(p => p.LatencyMs).DefaultIfEmpty(0).Max(), 1e-12) * 1.1;
        var maxEnergy = Math.Max(points.Select(p => p.EnergyMillijoules).DefaultIfEmpty(0).Max(), 1e-12) * 1.1;
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        double X(double latency) => Left + (plotWidth * latency / maxLatency);
        double Y(double energy) => Top + plotHeight - (plotHeight * energy / maxEnergy);
        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg id=\"{id}\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\">"));
        for (var tick = 0; tick <= 4; tick++)
        {
            var y = Top + plotHeight - (plotHeight * tick / 4.0);
            var x = Left + (plotWidth * tick / 4.0);
            svg.Append(Invariant($"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" stroke=\"#ddd\"/><text x=\"{Left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\" font-size=\"11\">{maxEnergy * tick / 4:G3}</text>"));
            svg.Append(Invariant($"<text x=\"{x:0.#}\" y=\"{Height - Bottom + 16}\" text-anchor=\"middle\" font-size=\"11\">{maxLatency * tick / 4:G3}</text>"));
        }

        svg.Append(Invariant($"<text x=\"{Left + (plotWidth / 2)}\" y=\"{Height - 10}\" text-anchor=\"middle\" font-size=\"12\">predicted latency ms</text>"));
        svg.Append(Invariant($"<text x=\"16\" y=\"{Top + (plotHeight / 2)}\" transform=\"rotate(-90 16 {Top + (plotHeight / 2)})\" text-anchor=\"middle\" font-size=\"12\">predicted energy mJ per inference</text>"));
        if (points.Count > 1)
        {
            svg.Append("<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\" points=\"")
                .AppendJoin(' ', points.Select(p => Invariant($"{X(p.LatencyMs):0.##},{Y(p.EnergyMillijoules):0.##}")))
                .Append("\"/>");
        }

        foreach (var point in points)
        {
            svg.Append(Invariant($"<circle class=\"point\" cx=\"{X(point.LatencyMs):0.##}\" cy=\"{Y(point.EnergyMillijoules):0.##}\" r=\"5\" fill=\"#ff7f0e\"><title>{WebUtility.HtmlEncode(Invariant($"{point.Label}: {point.LatencyMs:G4} ms, {point.EnergyMillijoules:G4} mJ"))}</title></circle>"));
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
