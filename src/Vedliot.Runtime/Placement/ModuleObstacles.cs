namespace Vedliot.Runtime.Placement;

/// <summary>Why a module cannot host a given run of blocks on its own (before other stages and links are considered).</summary>
internal static class ModuleObstacles
{
    /// <summary>
    /// The reasons module <paramref name="module"/> cannot run blocks [<paramref name="firstBlock"/>,
    /// <paramref name="endBlock"/>) as a stage, each naming the module, e.g. <c>cpu is not attested</c>; empty when it can.
    /// </summary>
    public static List<string> For(ChainModel chain, int module, int firstBlock, int endBlock)
    {
        var problem = chain.Problem;
        var id = problem.Modules[module].Id;
        var reasons = new List<string>();
        if (!problem.Modules[module].IsAllowed)
        {
            reasons.Add($"{id} is not allowed");
        }

        if (!problem.MeetsAttestation(module, firstBlock))
        {
            reasons.Add($"{id} is not attested");
        }

        var unsupported = Enumerable.Range(firstBlock, endBlock - firstBlock)
            .SelectMany(b => problem.Blocks[b].CostByModule[module].UnsupportedOperators)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (unsupported.Count > 0)
        {
            reasons.Add($"{id} does not run operator{(unsupported.Count > 1 ? "s" : "")} {string.Join(", ", unsupported)}");
        }

        var needed = chain.MemoryPrefix[module][endBlock] - chain.MemoryPrefix[module][firstBlock];
        if (needed > problem.Modules[module].MemoryCapacityBytes)
        {
            reasons.Add($"{id} lacks memory (needs {Quantities.Bytes(needed)}, has {Quantities.Bytes(problem.Modules[module].MemoryCapacityBytes)})");
        }

        for (var b = firstBlock; b < endBlock; b++)
        {
            if (problem.Constraints.PinnedBlocks.TryGetValue(b, out var pinned) && pinned != id)
            {
                reasons.Add($"{id} cannot take block {b}, which is pinned to {pinned}");
            }
        }

        return reasons;
    }
}
