using System.Globalization;

namespace Vedliot.Runtime.Placement;

/// <summary>Says when the exposure bound, and nothing else, leaves no placement: which cuts reveal too much and what they would need.</summary>
internal static class ExposureDiagnosis
{
    /// <summary>A message naming the cuts over the bound when the problem is feasible without it; null otherwise.</summary>
    public static string? Explain(ChainModel chain, SearchLimits limits)
    {
        var problem = chain.Problem;
        if (problem.Constraints.Exposure is not { } limit)
        {
            return null;
        }

        var unbounded = new ChainModel(new PlacementProblem(problem.Modules, problem.Blocks, problem.BoundaryCrossingBytes, problem.Links, problem.Constraints with { Exposure = null }));
        if (new ChainSearch(unbounded).MinimizeWeightedSum(1, 0, double.PositiveInfinity, limits) is null)
        {
            return null;
        }

        var over = Enumerable.Range(1, chain.BlockCount - 1)
            .Where(limit.Exceeded)
            .Select(b => string.Create(CultureInfo.InvariantCulture, $"the cut after {problem.Blocks[b].FirstOperation} operations (exposure {limit.BoundaryExposure[b - 1]:0.00})"))
            .ToList();
        var input = limit.InputExposure > limit.MaxExposure
            ? string.Create(CultureInfo.InvariantCulture, $"the input itself (exposure {limit.InputExposure:0.00}) may go only to an attested module; ")
            : string.Empty;
        var attested = problem.Modules.Where(m => m.IsAttested && m.IsAllowed).Select(m => m.Id).ToList();
        var encrypted = problem.Links.Where(l => l.Encrypted).Select(l => $"{l.From} - {l.To}").ToList();
        return string.Create(CultureInfo.InvariantCulture,
            $"max_exposure {limit.MaxExposure:0.###}: {input}{(over.Count == 0 ? "no cut exceeds it" : $"{string.Join(", ", over)} exceed{(over.Count == 1 ? "s" : "")} it")}, and every placement that meets the other constraints needs ")
            + (input.Length > 0 && over.Count == 0 ? "an unattested first stage" : "such a cut between stages that are not both attested and joined by an encrypted link")
            + $" (attested modules: {(attested.Count == 0 ? "none" : string.Join(", ", attested))}; encrypted links: {(encrypted.Count == 0 ? "none" : string.Join(", ", encrypted))})";
    }
}
