using System.Globalization;
using System.Net;
using System.Text;

namespace Vedliot.Cli.Output;

/// <summary>
/// Draws a grouped bar chart as inline SVG: one group per category, one bar per series. Bars marked
/// as modelled are drawn hatched so that they never pass for measurements.
/// </summary>
internal static class SvgBarChart
{
    private const int Width = 900;
    private const int Height = 360;
    private const int Left = 70;
    private const int Bottom = 50;
    private const int Top = 20;

    /// <summary>One bar: its value, or null for no bar (e.g. unsupported), and whether it is modelled.</summary>
    public sealed record Bar(double? Value, bool Modelled);

    public static string Render(string id, string yLabel, IReadOnlyList<string> categories, IReadOnlyList<string> series, Func<int, int, Bar> bar, IReadOnlyList<string> colours)
    {
        var values = Enumerable.Range(0, categories.Count).SelectMany(c => Enumerable.Range(0, series.Count).Select(s => bar(c, s).Value ?? 0)).ToList();
        var max = Math.Max(values.DefaultIfEmpty(0).Max(), 1e-12);
        var plotWidth = Width - Left - 20;
        var plotHeight = Height - Top - Bottom;
        var groupWidth = (double)plotWidth / Math.Max(1, categories.Count);
        var barWidth = groupWidth * 0.8 / Math.Max(1, series.Count);
        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg id=\"{id}\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\">"));
        svg.Append("<defs><pattern id=\"hatch-").Append(id).Append("\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"white\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#555\" stroke-width=\"3\"/></pattern></defs>");
        for (var tick = 0; tick <= 4; tick++)
        {
            var y = Top + plotHeight - (plotHeight * tick / 4.0);
            svg.Append(Invariant($"<line x1=\"{Left}\" x2=\"{Width - 20}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" stroke=\"#ddd\"/><text x=\"{Left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\" font-size=\"11\">{max * tick / 4:G3}</text>"));
        }

        svg.Append(Invariant($"<text x=\"14\" y=\"{Top + (plotHeight / 2)}\" transform=\"rotate(-90 14 {Top + (plotHeight / 2)})\" text-anchor=\"middle\" font-size=\"12\">{WebUtility.HtmlEncode(yLabel)}</text>"));
        for (var c = 0; c < categories.Count; c++)
        {
            var groupX = Left + (c * groupWidth) + (groupWidth * 0.1);
            for (var s = 0; s < series.Count; s++)
            {
                var (value, modelled) = bar(c, s);
                if (value is not { } v)
                {
                    continue;
                }

                var h = plotHeight * v / max;
                var x = groupX + (s * barWidth);
                var fill = modelled ? $"url(#hatch-{id})" : colours[s % colours.Count];
                var stroke = colours[s % colours.Count];
                svg.Append(Invariant($"<rect class=\"bar\" x=\"{x:0.##}\" y=\"{Top + plotHeight - h:0.##}\" width=\"{barWidth:0.##}\" height=\"{Math.Max(h, 0.5):0.##}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"2\"><title>{WebUtility.HtmlEncode($"{series[s]}, {categories[c]}: {v:G4}{(modelled ? " (modelled)" : string.Empty)}")}</title></rect>"));
            }

            svg.Append(Invariant($"<text x=\"{groupX + (groupWidth * 0.4):0.#}\" y=\"{Height - Bottom + 16}\" text-anchor=\"middle\" font-size=\"11\">{WebUtility.HtmlEncode(categories[c])}</text>"));
        }

        for (var s = 0; s < series.Count; s++)
        {
            svg.Append(Invariant($"<rect x=\"{Left + (s * 140)}\" y=\"{Height - 18}\" width=\"12\" height=\"12\" fill=\"{colours[s % colours.Count]}\"/><text x=\"{Left + (s * 140) + 16}\" y=\"{Height - 8}\" font-size=\"11\">{WebUtility.HtmlEncode(series[s])}</text>"));
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
