using System.Text;

namespace Vedliot.Accelerators.Conformance;

/// <summary>The results of a conformance run and a summary a person can read.</summary>
/// <param name="Results">One entry per model, in the order run.</param>
public sealed record ConformanceReport(IReadOnlyList<ConformanceResult> Results)
{
    /// <summary>Models whose outputs were compared (passed or failed).</summary>
    public int Ran => Results.Count(r => r.Outcome != ConformanceOutcome.Skipped);

    /// <summary>Models that passed whole and at every cut.</summary>
    public int Passed => Results.Count(r => r.Outcome == ConformanceOutcome.Passed);

    /// <summary>Models that failed.</summary>
    public int Failed => Results.Count(r => r.Outcome == ConformanceOutcome.Failed);

    /// <summary>Models skipped because ONNX Runtime itself cannot serve as the reference.</summary>
    public int Skipped => Results.Count(r => r.Outcome == ConformanceOutcome.Skipped);

    /// <summary>Partitioned runs compared, over all models.</summary>
    public int SplitsChecked => Results.Sum(r => r.SplitsChecked);

    /// <summary>A summary: counts, then each failure and each skip with its reason.</summary>
    public string Format()
    {
        var text = new StringBuilder();
        text.AppendLine($"{Results.Count} models: {Ran} ran, {Passed} passed, {Failed} failed, {Skipped} skipped; {SplitsChecked} partitioned runs compared with the reference");
        foreach (var group in new[] { ConformanceOutcome.Failed, ConformanceOutcome.Skipped })
        {
            foreach (var result in Results.Where(r => r.Outcome == group))
            {
                text.AppendLine($"  {group.ToString().ToLowerInvariant()} {result.Name}: {result.Reason}");
            }
        }

        return text.ToString();
    }
}
