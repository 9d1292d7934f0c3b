using Vedliot.Runtime.Placement;

namespace Vedliot.Runtime.Tests.Placement;

/// <summary>The constraints of a placement problem, checked directly from their definitions.</summary>
internal static class PlacementRules
{
    /// <summary>Every constraint the stages break; empty when they meet them all.</summary>
    public static List<string> Violations(PlacementProblem problem, IReadOnlyList<(int First, int End, int Module)> stages)
    {
        var violations = new List<string>();
        var constraints = problem.Constraints;
        if (stages.Count == 0 || stages[0].First != 0 || stages[^1].End != problem.Blocks.Count || Enumerable.Range(1, stages.Count - 1).Any(s => stages[s].First != stages[s - 1].End || stages[s].First >= stages[s].End))
        {
            violations.Add("stages do not cover the blocks in order");
            return violations;
        }

        if (stages.GroupBy(s => s.Module).Any(g => g.Count() > problem.Modules[g.Key].Count))
        {
            violations.Add("a module (class) hosts more stages than it has members");
        }

        if (stages.Count > (constraints.MaxStages ?? int.MaxValue))
        {
            violations.Add("too many stages");
        }

        for (var s = 0; s < stages.Count; s++)
        {
            var (first, end, module) = stages[s];
            var spec = problem.Modules[module];
            var blocks = Enumerable.Range(first, end - first).ToList();
            if (!spec.IsAllowed)
            {
                violations.Add($"stage {s} on forbidden {spec.Id}");
            }

            var needsAttestation = constraints.Attestation == AttestationRequirement.AllStages || (s == 0 && constraints.Attestation == AttestationRequirement.FirstStage);
            if (needsAttestation && !spec.IsAttested)
            {
                violations.Add($"stage {s} on unattested {spec.Id}");
            }

            if (blocks.Any(b => !problem.Blocks[b].CostByModule[module].IsSupported))
            {
                violations.Add($"stage {s} has an operator {spec.Id} does not run");
            }

            if (blocks.Sum(b => problem.Blocks[b].CostByModule[module].MemoryBytes) > spec.MemoryCapacityBytes)
            {
                violations.Add($"stage {s} exceeds the memory of {spec.Id}");
            }

            if (blocks.Any(b => constraints.PinnedBlocks.TryGetValue(b, out var pinned) && pinned != spec.Id))
            {
                violations.Add($"stage {s} holds a block pinned elsewhere");
            }

            if (s > 0 && problem.LinkBetween(stages[s - 1].Module, module) is null)
            {
                violations.Add($"no link between stages {s - 1} and {s}");
            }

            // The exposure bound: what crosses to a stage is seen by its module and by the link it travels over.
            if (constraints.Exposure is { } exposure)
            {
                var seen = s == 0 ? exposure.InputExposure : exposure.BoundaryExposure[first - 1];
                var trusted = spec.IsAttested && (s == 0 || (problem.Modules[stages[s - 1].Module].IsAttested && problem.LinkBetween(stages[s - 1].Module, module) is { Encrypted: true }));
                if (seen > exposure.MaxExposure && !trusted)
                {
                    violations.Add($"stage {s} receives tensors of exposure {seen} over the bound {exposure.MaxExposure} outside the attested, encrypted set");
                }
            }
        }

        return violations;
    }

    /// <summary>The stages of a solver's placement as block ranges and module indices.</summary>
    public static List<(int First, int End, int Module)> StagesOf(PlacementProblem problem, Vedliot.Runtime.Placement.Placement placement) =>
        placement.Stages.Select(s => (s.FirstBlock, s.EndBlock, problem.ModuleIndex[s.ModuleId])).ToList();
}
