using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Vedliot.Testing;

namespace Vedliot.Cli.Tests.Commands;

public sealed class ProfileReportRenderingTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_html_report_plots_render_in_a_real_browser_with_one_bar_per_supported_block_and_module_the_placement_front_and_exposure_against_depth()
    {
        var page = _temp.File("report.html");
        var json = _temp.File("profile.json");
        var (exitCode, _, error) = CliRunner.Run(
            "profile", RepositoryPaths.WakeWordModel("embedding_model.onnx"), "--platform", Path.Combine(RepositoryPaths.Root, "platforms", "recs-box.yaml"),
            "--candidate-cuts", "3", "--no-cache", "--report", page, "--json", json);
        Assert.True(exitCode == 0, error);

        var dom = HeadlessChromium.DumpDom(page, TimeSpan.FromSeconds(60));

        var rendered = Regex.Match(dom, "data-rendered=\"([^\"]*)\"");
        Assert.True(rendered.Success, "the page's load script did not run");
        using var charts = JsonDocument.Parse(WebUtility.HtmlDecode(rendered.Groups[1].Value));
        using var profile = JsonDocument.Parse(File.ReadAllText(json));
        var supported = profile.RootElement.GetProperty("table").GetProperty("entries").EnumerateArray().Count(e => e.GetProperty("supported").GetBoolean());
        foreach (var chart in new[] { "latency", "energy" })
        {
            var figure = charts.RootElement.GetProperty(chart);
            Assert.True(figure.GetProperty("width").GetDouble() > 0);
            Assert.True(figure.GetProperty("height").GetDouble() > 0);
            Assert.Equal(supported, figure.GetProperty("bars").GetInt32());
        }

        // Exposure against depth: the identity cut and each candidate cut.
        var cuts = profile.RootElement.GetProperty("table").GetProperty("candidateCuts").GetArrayLength();
        Assert.Equal(cuts + 1, profile.RootElement.GetProperty("exposure").GetProperty("cuts").GetArrayLength());
        Assert.Equal(cuts + 1, charts.RootElement.GetProperty("exposure").GetProperty("points").GetInt32());

        var front = charts.RootElement.GetProperty("front");
        Assert.True(front.GetProperty("width").GetDouble() > 0);
        Assert.True(front.GetProperty("points").GetInt32() >= 1);
    }
}
