namespace Vedliot.Runtime.Placement;

/// <summary>
/// Exact search under a latency and an energy budget: a dynamic programme over states (stages on each tracked
/// class so far, class of the last stage, blocks covered) that keeps, per state, every Pareto-optimal
/// (latency, energy) label instead of one weighted sum; for the throughput objective the bottleneck is a third
/// criterion, and under a binding stage limit the stage count a fourth. A label is dropped when another at the
/// same state is no worse in every criterion (nothing that follows can make it better), or when it plus the
/// cheapest conceivable rest breaks a budget. Every placement that meets the budgets is therefore represented by
/// a label no worse than it, including placements inside the convex hull of the front, which no weighted sum finds.
/// Classes are tracked lazily as in <see cref="ChainSearch"/>: an optimum that over-uses an untracked class has
/// it tracked and the search run again.
/// </summary>
internal sealed class BudgetSearch
{
    /// <summary>Most usage values the state may distinguish; past it the search refuses rather than overflow its keys.</summary>
    private const long MaxUsages = 1L << 32;

    private readonly ChainModel _chain;
    private readonly int[] _usable;
    private readonly int _stride;
    private readonly double[] _latencyRest;
    private readonly double[] _energyRest;
    private readonly List<Label> _labels = [];
    private readonly Dictionary<long, List<int>> _front = [];
    private readonly SortedSet<long> _pendingUsage = [];
    private readonly long[] _multiplier;
    private readonly int[] _radix;
    private readonly bool[] _tracked;

    public BudgetSearch(ChainModel chain)
    {
        _chain = chain;
        _usable = chain.UsableModules;
        _stride = chain.BlockCount + 1;
        _latencyRest = CheapestRest(chain.LatencyPrefix);
        _energyRest = CheapestRest(chain.EnergyPrefix);
        _multiplier = new long[_usable.Length];
        _radix = new int[_usable.Length];
        _tracked = new bool[_usable.Length];
    }

    /// <summary>
    /// The best placement for <paramref name="objective"/> whose latency is at most <paramref name="latencyBudgetMs"/>
    /// and whose energy is at most <paramref name="energyBudgetJoules"/>; null when none meets both.
    /// </summary>
    /// <exception cref="PlacementTooLargeException">Counting the stages of every over-used class would need more states than the search keeps.</exception>
    public List<StageSpan>? Solve(PlacementObjective objective, double latencyBudgetMs, double energyBudgetJoules, SearchLimits limits)
    {
        var criteria = new Criteria(latencyBudgetMs, energyBudgetJoules, objective == PlacementObjective.Throughput, limits.MaxStages < _chain.BlockCount);
        while (true)
        {
            Layout();
            var stages = Run(objective, criteria, limits);
            var overUsed = stages is null ? [] : Enumerable.Range(0, _usable.Length).Where(r => stages.Count(s => s.Module == _usable[r]) > _chain.Problem.Modules[_usable[r]].Count).ToList();
            if (overUsed.Count == 0)
            {
                return stages;
            }

            overUsed.ForEach(r => _tracked[r] = true);
        }
    }

    private void Layout()
    {
        var usages = 1L;
        for (var r = 0; r < _usable.Length; r++)
        {
            _radix[r] = _tracked[r] ? Math.Min(_chain.Problem.Modules[_usable[r]].Count, _chain.MostStages) + 1 : 1;
            _multiplier[r] = usages;
            usages *= _radix[r];
            if (usages > MaxUsages)
            {
                throw new PlacementTooLargeException($"placement within budgets: counting the stages on {_tracked.Count(t => t)} classes of modules needs more than {MaxUsages} states; solve without budgets, or describe fewer distinct modules");
            }
        }
    }

    private List<StageSpan>? Run(PlacementObjective objective, Criteria criteria, SearchLimits limits)
    {
        _labels.Clear();
        _front.Clear();
        _pendingUsage.Clear();
        for (var rank = 0; rank < _usable.Length; rank++)
        {
            if (_chain.MayRunFirstStage(_usable[rank]))
            {
                ExtendFrom(-1, 0, rank, criteria, limits, Label.Origin);
            }
        }

        // Usage never falls as stages are added, so the smallest pending usage has seen every predecessor; within
        // one usage (stages on untracked classes), boundaries left to right do the same.
        while (_pendingUsage.Count > 0)
        {
            var usage = _pendingUsage.Min;
            for (var i = 1; i < _chain.BlockCount; i++)
            {
                for (var q = 0; q < _usable.Length; q++)
                {
                    if (!_front.TryGetValue(Key(usage, q, i), out var arrived))
                    {
                        continue;
                    }

                    foreach (var label in arrived.ToList())
                    {
                        for (var r = 0; r < _usable.Length; r++)
                        {
                            if (Digit(usage, r) < _radix[r] - 1 || !_tracked[r])
                            {
                                ExtendFrom(label, usage, r, criteria, limits, _labels[label]);
                            }
                        }
                    }
                }
            }

            _pendingUsage.Remove(usage);
        }

        return Best(objective, limits);
    }

    /// <summary>Adds a stage on usable class <paramref name="rank"/> after label <paramref name="parent"/> (or first, for -1), for every end its window allows.</summary>
    private void ExtendFrom(int parent, long usage, int rank, Criteria criteria, SearchLimits limits, Label from)
    {
        if (from.Stages >= limits.MaxStages)
        {
            return;
        }

        var module = _usable[rank];
        var start = from.End;
        double cutMs = 0, cutJoules = 0;
        if (parent >= 0)
        {
            var cut = _chain.CutIndex(start, _usable[from.Rank], module);
            (cutMs, cutJoules) = (_chain.CutMs[cut], _chain.CutJoules[cut]);
            if (double.IsPositiveInfinity(cutMs))
            {
                return;
            }
        }

        var window = _chain.EarliestStart[module];
        var next = usage + (_tracked[rank] ? _multiplier[rank] : 0);
        for (var end = start + 1; end < _stride; end++)
        {
            if (window[end] > start)
            {
                // The window's start only moves right as the end does: no later end admits this start either.
                break;
            }

            var stageMs = _chain.StageMs(module, start, end);
            var label = new Label(
                from.LatencyMs + cutMs + stageMs,
                from.EnergyJoules + cutJoules + _chain.StageJoules(module, start, end),
                Math.Max(from.BottleneckMs, Math.Max(cutMs, stageMs)),
                from.Stages + 1,
                parent,
                start,
                end,
                rank);
            if (label.LatencyMs + _latencyRest[end] <= criteria.LatencyMs && label.EnergyJoules + _energyRest[end] <= criteria.EnergyJoules)
            {
                Insert(next, rank, end, label, criteria);
            }
        }
    }

    private void Insert(long usage, int rank, int end, Label label, Criteria criteria)
    {
        var key = Key(usage, rank, end);
        if (!_front.TryGetValue(key, out var front))
        {
            _front[key] = front = [];
            _pendingUsage.Add(usage);
        }

        foreach (var other in front)
        {
            if (_labels[other].Dominates(label, criteria))
            {
                return;
            }
        }

        front.RemoveAll(other => label.Dominates(_labels[other], criteria));
        _labels.Add(label);
        front.Add(_labels.Count - 1);
    }

    private List<StageSpan>? Best(PlacementObjective objective, SearchLimits limits)
    {
        var best = -1;
        foreach (var (key, front) in _front)
        {
            if (key % _stride != _chain.BlockCount)
            {
                continue;
            }

            foreach (var label in front)
            {
                if (_labels[label].Stages >= limits.MinStages && (best < 0 || Better(objective, _labels[label], _labels[best])))
                {
                    best = label;
                }
            }
        }

        if (best < 0)
        {
            return null;
        }

        var spans = new List<StageSpan>();
        for (var label = best; label >= 0; label = _labels[label].Parent)
        {
            spans.Add(new StageSpan(_labels[label].Start, _labels[label].End, _usable[_labels[label].Rank]));
        }

        spans.Reverse();
        return spans;
    }

    private static bool Better(PlacementObjective objective, Label a, Label b) => objective switch
    {
        PlacementObjective.Latency => a.LatencyMs < b.LatencyMs || (a.LatencyMs == b.LatencyMs && a.EnergyJoules < b.EnergyJoules),
        PlacementObjective.Energy => a.EnergyJoules < b.EnergyJoules || (a.EnergyJoules == b.EnergyJoules && a.LatencyMs < b.LatencyMs),
        PlacementObjective.EnergyDelayProduct => a.LatencyMs * a.EnergyJoules < b.LatencyMs * b.EnergyJoules,
        PlacementObjective.Throughput => a.BottleneckMs < b.BottleneckMs || (a.BottleneckMs == b.BottleneckMs && a.LatencyMs < b.LatencyMs),
        _ => throw new ArgumentOutOfRangeException(nameof(objective), objective, "unknown objective"),
    };

    private long Key(long usage, int rank, int end) => (((usage * _usable.Length) + rank) * _stride) + end;

    private int Digit(long usage, int rank) => (int)(usage / _multiplier[rank] % _radix[rank]);

    /// <summary>[j]: the least the blocks from j on can add, each on its cheapest usable module, without fixed costs or handovers.</summary>
    private double[] CheapestRest(double[][] prefix)
    {
        var rest = new double[_stride];
        for (var j = _stride - 2; j >= 0; j--)
        {
            var cheapest = _usable.Length == 0 ? 0 : _usable.Min(m => prefix[m][j + 1] - prefix[m][j]);
            rest[j] = rest[j + 1] + Math.Max(0, cheapest);
        }

        return rest;
    }

    /// <summary>The budgets, and which further criteria a label is compared on.</summary>
    private readonly record struct Criteria(double LatencyMs, double EnergyJoules, bool Bottleneck, bool StageCount);

    /// <summary>One partial placement: its totals so far, its last stage, and the label it extends.</summary>
    private readonly record struct Label(double LatencyMs, double EnergyJoules, double BottleneckMs, int Stages, int Parent, int Start, int End, int Rank)
    {
        /// <summary>Where every placement starts: nothing covered.</summary>
        public static Label Origin => new(0, 0, 0, 0, -1, 0, 0, -1);

        public bool Dominates(Label other, Criteria criteria) =>
            LatencyMs <= other.LatencyMs
            && EnergyJoules <= other.EnergyJoules
            && (!criteria.Bottleneck || BottleneckMs <= other.BottleneckMs)
            && (!criteria.StageCount || Stages <= other.Stages);
    }
}
