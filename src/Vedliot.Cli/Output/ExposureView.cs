using System.Globalization;
using Vedliot.Hosting.Profiling;
using Vedliot.Runtime.Exposure;
using Vedliot.Runtime.Placement;

namespace Vedliot.Cli.Output;

/// <summary>How a profile's exposure figures read in the terminal and the HTML report.</summary>
internal static class ExposureView
{
    /// <summary>One line: the identity cut's exposure and how exposure was measured, or why it was not.</summary>
    public static string Summary(ProfileReport report)
    {
        if (report.Exposure is not { } exposure)
        {
            return report.ExposureNotMeasured is { } reason ? $"not measured: {reason}" : "not measured";
        }

        var metric = exposure.Metric == ExposureMetric.Ssim ? "SSIM" : "correlation";
        return string.Create(CultureInfo.InvariantCulture,
            $"{exposure.Cuts[0].Exposure:0.00} at the identity cut (the input itself, a check of the decoder); each cut's figure is the {metric} of {exposure.HeldOutInputs} held-out inputs with their reconstructions by a ridge decoder fitted on {exposure.TrainInputs} ({exposure.Input}); a lower bound on what an attacker holding input-tensor pairs recovers; the mean training input, which reveals nothing, scores {exposure.Baseline:0.00}");
    }

    /// <summary>One line: the bound and the exposure at each cut between the placement's stages.</summary>
    public static string Boundaries(Runtime.Placement.Placement placement, ExposureLimit limit)
    {
        var cuts = placement.Stages.Skip(1).Select(s => string.Create(CultureInfo.InvariantCulture, $"{limit.BoundaryExposure[s.FirstBlock - 1]:0.00} after {s.FirstOperation} operations (into {s.ModuleId})"));
        return string.Create(CultureInfo.InvariantCulture, $"Exposure  max_exposure {limit.MaxExposure:0.###}; the input itself counts as {limit.InputExposure:0.##}; between stages: {(placement.Stages.Count == 1 ? "none (one stage)" : string.Join(", ", cuts))}");
    }

    /// <summary>The exposure at the cut after <paramref name="block"/>, or "-" after the last block or when not measured.</summary>
    public static string After(ProfileReport report, int block) =>
        report.Exposure is { } exposure && block < report.Table.CandidateCuts.Count
            ? exposure.At(report.Table.CandidateCuts[block]).ToString("0.00", CultureInfo.InvariantCulture)
            : "-";
}
