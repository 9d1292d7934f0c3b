namespace Vedliot.Runtime.Placement;

/// <summary>Turns each objective into one or more runs of the <see cref="ChainSearch"/>, exactly.</summary>
internal static class ObjectiveSearch
{
    /// <summary>Relative margin under which a weighted sum counts as no better (floating-point noise).</summary>
    private const double RelativeTolerance = 1e-12;

    /// <summary>The optimal stages for <paramref name="objective"/> within <paramref name="limits"/>; null when none is feasible.</summary>
    public static List<StageSpan>? Optimize(ChainModel chain, ChainSearch search, PlacementObjective objective, SearchLimits limits) => objective switch
    {
        PlacementObjective.Latency => search.MinimizeWeightedSum(1, 0, double.PositiveInfinity, limits),
        PlacementObjective.Energy => search.MinimizeWeightedSum(0, 1, double.PositiveInfinity, limits),
        PlacementObjective.EnergyDelayProduct => MinimizeEnergyDelayProduct(chain, search, limits),
        PlacementObjective.Throughput => MaximizeThroughput(chain, search, limits),
        _ => throw new ArgumentOutOfRangeException(nameof(objective), objective, "unknown objective"),
    };

    /// <summary>
    /// Every vertex of the lower-left convex hull of the feasible (latency, energy) points, from the fastest
    /// to the most frugal: the latency/energy trade-offs that some weighting of the two makes optimal.
    /// </summary>
    public static List<List<StageSpan>> ConvexFront(ChainModel chain, ChainSearch search, SearchLimits limits)
    {
        var fastest = search.MinimizeWeightedSum(1, 0, double.PositiveInfinity, limits);
        if (fastest is null)
        {
            return [];
        }

        var frugal = search.MinimizeWeightedSum(0, 1, double.PositiveInfinity, limits)!;
        var vertices = new List<List<StageSpan>> { fastest };
        var pending = new Stack<(List<StageSpan> LowLatency, List<StageSpan> LowEnergy)>();
        pending.Push((fastest, frugal));
        while (pending.TryPop(out var segment))
        {
            if (VertexBelow(chain, search, limits, segment.LowLatency, segment.LowEnergy) is { } vertex)
            {
                pending.Push((vertex, segment.LowEnergy));
                pending.Push((segment.LowLatency, vertex));
                vertices.Add(vertex);
            }
        }

        if (chain.Totals(frugal) != chain.Totals(fastest))
        {
            vertices.Add(frugal);
        }

        return [.. vertices.OrderBy(v => chain.Totals(v).LatencyMs)];
    }

    /// <summary>
    /// Latency × energy is not additive, but it is quasi-concave and increasing in both, so over the finite set
    /// of feasible (latency, energy) points its minimum lies at a vertex of their lower-left convex hull. Each
    /// vertex minimizes some weighted sum, which the additive search solves exactly; the hull is walked by
    /// dichotomy (weights normal to the segment between two known vertices) until no point lies below it,
    /// best segment first, skipping a segment whose corner (its lower latency times its lower energy) cannot
    /// beat the best product found.
    /// </summary>
    private static List<StageSpan>? MinimizeEnergyDelayProduct(ChainModel chain, ChainSearch search, SearchLimits limits)
    {
        var fastest = search.MinimizeWeightedSum(1, 0, double.PositiveInfinity, limits);
        if (fastest is null)
        {
            return null;
        }

        var frugal = search.MinimizeWeightedSum(0, 1, double.PositiveInfinity, limits)!;
        var best = fastest;
        var bestProduct = Product(chain.Totals(fastest));
        var segments = new PriorityQueue<(List<StageSpan> LowLatency, List<StageSpan> LowEnergy), double>();
        void Add(List<StageSpan> lowLatency, List<StageSpan> lowEnergy)
        {
            var product = Product(chain.Totals(lowEnergy));
            if (product < bestProduct)
            {
                (best, bestProduct) = (lowEnergy, product);
            }

            // Hull vertices between the two have latency >= the first's and energy >= the second's: their product is at least this corner's.
            segments.Enqueue((lowLatency, lowEnergy), chain.Totals(lowLatency).LatencyMs * chain.Totals(lowEnergy).EnergyJoules);
        }

        // Best first: the segment with the lowest corner is the one most likely to hold a better product.
        Add(fastest, frugal);
        while (segments.TryDequeue(out var segment, out var corner) && corner < bestProduct)
        {
            if (VertexBelow(chain, search, limits, segment.LowLatency, segment.LowEnergy) is { } vertex)
            {
                Add(segment.LowLatency, vertex);
                Add(vertex, segment.LowEnergy);
            }
        }

        return best;
    }

    /// <summary>
    /// The hull vertex strictly below the segment between two known vertices, found by minimizing the
    /// weighted sum normal to the segment; null when none lies below it.
    /// </summary>
    private static List<StageSpan>? VertexBelow(ChainModel chain, ChainSearch search, SearchLimits limits, List<StageSpan> lowLatency, List<StageSpan> lowEnergy)
    {
        var (latencyA, energyA) = chain.Totals(lowLatency);
        var (latencyB, energyB) = chain.Totals(lowEnergy);
        var latencyWeight = energyA - energyB;
        var energyWeight = latencyB - latencyA;
        if (!(latencyWeight > 0) || !(energyWeight > 0))
        {
            return null;
        }

        // Only points strictly below the segment matter, so the segment's own weighted cost bounds the search.
        var onSegment = (latencyWeight * latencyA) + (energyWeight * energyA);
        var vertex = search.MinimizeWeightedSum(latencyWeight, energyWeight, double.PositiveInfinity, limits, onSegment);
        if (vertex is null)
        {
            return null;
        }

        var (latency, energy) = chain.Totals(vertex);
        return (latencyWeight * latency) + (energyWeight * energy) < onSegment - (RelativeTolerance * Math.Abs(onSegment)) ? vertex : null;
    }

    private static double Product((double LatencyMs, double EnergyJoules) totals) => totals.LatencyMs * totals.EnergyJoules;

    /// <summary>First the least bottleneck (a min-max search), then the lowest latency among placements that stay within it.</summary>
    private static List<StageSpan>? MaximizeThroughput(ChainModel chain, ChainSearch search, SearchLimits limits)
    {
        var leastBottleneck = search.MinimizeBottleneck(limits);
        return leastBottleneck is null
            ? null
            : search.MinimizeWeightedSum(1, 0, chain.BottleneckMs(leastBottleneck), limits) ?? leastBottleneck;
    }
}
