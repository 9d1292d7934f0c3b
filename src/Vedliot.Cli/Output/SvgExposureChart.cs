using System.Globalization;
using System.Net;
using System.Text;
using Vedliot.Runtime.Exposure;

namespace Vedliot.Cli.Output;

/// <summary>Draws exposure against depth as inline SVG: one point per measured cut (operations before it on x, exposure in [0, 1] on y), joined in order, over a dashed line at the score of a cut that reveals nothing.</summary>
internal static class SvgExposureChart
{
    private const int Width = 900;
    private const int Height = 300;
    private const int Left = 60;
    private const int Bottom = 50;
    private const int Top = 20;
    private const int Right = 20;

    public static string Render(string id, ExposureProfile exposure, int operationCount)
    {
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        double X(int position) => Left + (plotWidth * position / (double)Math.Max(1, operationCount));
        double Y(double value) => Top + plotHeight - (plotHeight * value);
        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg id=\"{id}\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\">"));
        for (var tick = 0; tick <= 4; tick++)
        {
            var y = Y(tick / 4.0);
            svg.Append(Invariant($"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" stroke=\"#ddd\"/><text x=\"{Left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\" font-size=\"11\">{tick / 4.0:0.##}</text>"));
            svg.Append(Invariant($"<text x=\"{Left + (plotWidth * tick / 4.0):0.#}\" y=\"{Height - Bottom + 16}\" text-anchor=\"middle\" font-size=\"11\">{operationCount * tick / 4}</text>"));
        }

        svg.Append(Invariant($"<text x=\"{Left + (plotWidth / 2)}\" y=\"{Height - 10}\" text-anchor=\"middle\" font-size=\"12\">operations before the cut</text>"));
        svg.Append(Invariant($"<text x=\"16\" y=\"{Top + (plotHeight / 2)}\" transform=\"rotate(-90 16 {Top + (plotHeight / 2)})\" text-anchor=\"middle\" font-size=\"12\">exposure</text>"));
        svg.Append(Invariant($"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Y(exposure.Baseline):0.#}\" y2=\"{Y(exposure.Baseline):0.#}\" stroke=\"#555\" stroke-dasharray=\"6 4\"><title>{Invariant($"reveals nothing: {exposure.Baseline:0.000}")}</title></line>"));
        svg.Append("<polyline fill=\"none\" stroke=\"#d62728\" stroke-width=\"2\" points=\"")
            .AppendJoin(' ', exposure.Cuts.Select(c => Invariant($"{X(c.Position):0.##},{Y(c.Exposure):0.##}")))
            .Append("\"/>");
        foreach (var cut in exposure.Cuts)
        {
            svg.Append(Invariant($"<circle class=\"point\" cx=\"{X(cut.Position):0.##}\" cy=\"{Y(cut.Exposure):0.##}\" r=\"5\" fill=\"#d62728\"><title>{WebUtility.HtmlEncode(Invariant($"cut after {cut.Position} operations: exposure {cut.Exposure:0.000} ({cut.Decoder})"))}</title></circle>"));
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
