namespace Vedliot.Runtime.Placement;

/// <summary>
/// Exact dynamic programme over a chain of blocks on classes of identical modules, each class hosting at most
/// as many stages as it has members.
/// </summary>
/// <remarks>
/// A state is (usage, class of the last stage, blocks covered). Usage counts the stages on every tracked class
/// (a mixed-radix number, <see cref="UsageSpace"/>) and, where the stage limits need it, the stages so far;
/// untracked classes are not counted, so the search is a relaxation of the count limits. When its optimum uses
/// an untracked class more often than the class has members, that class is tracked from then on and the search
/// runs again; an optimum that respects every count is therefore exact. Up to eight single modules (one
/// member), the usual case, are tracked from the start. Layers of equal usage are visited in increasing
/// order and, within a layer, boundaries from left to right, so every state is final before it is read. Every
/// constraint on a stage's own blocks (operators, memory, pins, a latency cap) leaves a window of feasible
/// first blocks that only moves right as the stage's end does, so for additive costs the best predecessor
/// comes from a sliding-window minimum in O(1) per state.
/// <para>
/// Past reach: when tracking one more class would pass the layers the search may keep (the reach, by default
/// <see cref="PlacementSolver.DefaultReach"/>), the over-used class
/// is dropped from the search instead (its modules host no stage) and the result is marked heuristic
/// (<see cref="IsHeuristic"/>): still feasible, possibly not optimal.
/// </para>
/// </remarks>
internal sealed class ChainSearch
{
    private readonly ChainModel _chain;
    private readonly int[] _usable;
    private readonly UsageSpace _space;
    private readonly ChainLayers _layers;
    private double _bound;

    public ChainSearch(ChainModel chain, int reach = PlacementSolver.DefaultReach)
    {
        _chain = chain;
        _usable = chain.UsableModules;
        _space = new UsageSpace(_usable.Select(m => chain.Problem.Modules[m].Count).ToArray(), chain.BlockCount, reach);
        _space.TrackSingleModules();
        _layers = new ChainLayers(chain, _usable.Length);
    }

    private enum Mode
    {
        WeightedSum,
        Bottleneck,
    }

    /// <summary>True once a class had to be dropped to stay within reach: later results may not be optimal.</summary>
    public bool IsHeuristic => _space.Dropped.Any(d => d);

    /// <summary>
    /// The stages minimizing latencyWeight × latency + energyWeight × energy (stages and handovers at cuts
    /// both), using no stage or handover slower than <paramref name="capMs"/>; null when nothing is feasible or
    /// nothing costs at most <paramref name="upperBound"/>.
    /// </summary>
    /// <remarks>
    /// With a finite bound, a state whose cost so far plus the cheapest conceivable rest (each remaining
    /// block on its cheapest module, no fixed costs, no handovers) exceeds the bound is pruned.
    /// </remarks>
    public List<StageSpan>? MinimizeWeightedSum(double latencyWeight, double energyWeight, double capMs, SearchLimits limits, double upperBound = double.PositiveInfinity)
    {
        _bound = upperBound;
        _layers.SetWeights(latencyWeight, energyWeight, bottleneck: false);
        return Solve(Mode.WeightedSum, capMs, limits);
    }

    /// <summary>The stages whose slowest stage or handover is fastest; null when nothing is feasible.</summary>
    public List<StageSpan>? MinimizeBottleneck(SearchLimits limits)
    {
        _bound = double.PositiveInfinity;
        _layers.SetWeights(1, 0, bottleneck: true);
        return Solve(Mode.Bottleneck, double.PositiveInfinity, limits);
    }

    private List<StageSpan>? Solve(Mode mode, double capMs, SearchLimits limits)
    {
        while (true)
        {
            _space.Configure(limits);
            var stages = Run(mode, capMs, limits);
            if (stages is null)
            {
                return null;
            }

            var overUsed = Enumerable.Range(0, _usable.Length).Where(r => stages.Count(s => s.Module == _usable[r]) > _space.Counts[r]).ToList();
            if (overUsed.Count == 0)
            {
                return stages;
            }

            overUsed.ForEach(_space.TrackOrDrop);
        }
    }

    private List<StageSpan>? Run(Mode mode, double capMs, SearchLimits limits)
    {
        _layers.Begin(_space, capMs);
        for (var layer = 0; layer < _space.Layers; layer++)
        {
            if (_space.StageCount(layer) is { } count && count > limits.MaxStages)
            {
                continue;
            }

            _layers.Process(layer, mode == Mode.Bottleneck, capMs, limits.IgnoreLinks, _bound);
        }

        return BestFinal(limits);
    }

    private List<StageSpan>? BestFinal(SearchLimits limits)
    {
        var best = double.PositiveInfinity;
        var (bestLayer, bestRank) = (-1, -1);
        for (var layer = 0; layer < _space.Layers; layer++)
        {
            var count = _space.StageCount(layer);
            if (!_layers.IsReached(layer) || count < limits.MinStages || count > limits.MaxStages)
            {
                continue;
            }

            for (var rank = 0; rank < _usable.Length; rank++)
            {
                var value = _layers.Value(layer, rank, _chain.BlockCount);
                if (value < best)
                {
                    (best, bestLayer, bestRank) = (value, layer, rank);
                }
            }
        }

        return bestLayer < 0 ? null : _layers.Reconstruct(_space, bestLayer, bestRank);
    }
}
