using System.Text.Json;
using Vedliot.Testing;

namespace Vedliot.Cli.Tests.Commands;

public class PlaceExposureTests
{
    private static string Detector => RepositoryPaths.OcrDetectionModel;

    private static string Descriptor => Path.Combine(RepositoryPaths.Root, "platforms", "recs-box.yaml");

    [Fact]
    public void A_placement_under_max_exposure_hands_no_cut_over_it_to_another_module_and_starts_on_an_attested_one()
    {
        var (exitCode, output, error) = CliRunner.Run("place", Detector, "--platform", Descriptor, "--max-exposure", "0.5", "--attested", "xeon-d", "--candidate-cuts", "3", "--no-cache", "--json");

        Assert.True(exitCode == 0, error);
        using var json = JsonDocument.Parse(output);
        var cuts = json.RootElement.GetProperty("exposure").GetProperty("cuts").EnumerateArray()
            .ToDictionary(c => c.GetProperty("position").GetInt32(), c => c.GetProperty("exposure").GetDouble());
        var stages = json.RootElement.GetProperty("report").GetProperty("placement").GetProperty("stages").EnumerateArray().ToList();
        Assert.Equal(4, cuts.Count);
        Assert.Equal("xeon-d", stages[0].GetProperty("moduleId").GetString());

        // recs-box.yaml has no encrypted link, so every cut between stages must be within the bound.
        Assert.All(stages.Skip(1), s => Assert.InRange(cuts[s.GetProperty("firstOperation").GetInt32()], 0, 0.5));
    }

    [Fact]
    public void A_bound_no_placement_meets_names_the_input_and_the_cuts_over_it()
    {
        var (exitCode, _, error) = CliRunner.Run("place", Detector, "--platform", Descriptor, "--max-exposure", "0.3", "--candidate-cuts", "3", "--no-cache");

        Assert.Equal(1, exitCode);
        Assert.StartsWith("vedliot: error: max_exposure 0.3: the input itself (exposure 1.00) may go only to an attested module", error, StringComparison.Ordinal);
        Assert.Contains("attested modules: none", error, StringComparison.Ordinal);
    }
}
