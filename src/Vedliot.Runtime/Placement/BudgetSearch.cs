using System.Numerics;

namespace Vedliot.Runtime.Placement;

/// <summary>
/// Exact search under a latency and an energy budget: a dynamic programme over the same states as
/// <see cref="ChainSearch"/> (modules used, module of the last stage, blocks covered) that keeps, per state,
/// every Pareto-optimal (latency, energy) label instead of one weighted sum, and for the throughput objective
/// the bottleneck as a third criterion. A label is dropped when another at the same state is no worse in every
/// criterion (nothing that follows can make it better), or when it plus the cheapest conceivable rest
/// breaks a budget. Every placement that meets the budgets is therefore represented by a label no worse than it,
/// including placements inside the convex hull of the front, which no weighted sum finds.
/// </summary>
internal sealed class BudgetSearch
{
    private readonly ChainModel _chain;
    private readonly int[] _usable;
    private readonly int _stride;
    private readonly int[][] _windowStart;
    private readonly double[] _latencyRest;
    private readonly double[] _energyRest;
    private readonly List<Label> _labels = [];
    private readonly Dictionary<long, List<int>> _front = [];

    public BudgetSearch(ChainModel chain)
    {
        _chain = chain;
        _usable = chain.UsableModules;
        _stride = chain.BlockCount + 1;
        _windowStart = _usable.Select(m => chain.EarliestStart[m]).ToArray();
        _latencyRest = CheapestRest(chain.LatencyPrefix);
        _energyRest = CheapestRest(chain.EnergyPrefix);
    }

    /// <summary>
    /// The best placement for <paramref name="objective"/> whose latency is at most <paramref name="latencyBudgetMs"/>
    /// and whose energy is at most <paramref name="energyBudgetJoules"/>; null when none meets both.
    /// </summary>
    public List<StageSpan>? Solve(PlacementObjective objective, double latencyBudgetMs, double energyBudgetJoules, SearchLimits limits)
    {
        _labels.Clear();
        _front.Clear();
        var withBottleneck = objective == PlacementObjective.Throughput;
        var budgets = new Budgets(latencyBudgetMs, energyBudgetJoules, withBottleneck);
        for (var rank = 0; rank < _usable.Length; rank++)
        {
            if (_chain.MayRunFirstStage(_usable[rank]))
            {
                ExtendFrom(-1, 0, rank, budgets, Label.Origin);
            }
        }

        var lastSet = (1 << _usable.Length) - 1;
        for (var set = 1; set <= lastSet; set++)
        {
            if (BitOperations.PopCount((uint)set) >= limits.MaxStages)
            {
                continue;
            }

            for (var q = 0; q < _usable.Length; q++)
            {
                if ((set & (1 << q)) == 0)
                {
                    continue;
                }

                for (var i = 1; i < _chain.BlockCount; i++)
                {
                    if (!_front.TryGetValue(Key(set, q, i), out var arrived))
                    {
                        continue;
                    }

                    for (var r = 0; r < _usable.Length; r++)
                    {
                        if ((set & (1 << r)) == 0)
                        {
                            foreach (var label in arrived)
                            {
                                ExtendFrom(label, set, r, budgets, _labels[label]);
                            }
                        }
                    }
                }
            }
        }

        return Best(objective, limits);
    }

    /// <summary>Adds a stage on usable module <paramref name="rank"/> after <paramref name="parent"/> (or first, for -1), for every end its window allows.</summary>
    private void ExtendFrom(int parent, int set, int rank, Budgets budgets, Label from)
    {
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

        var window = _windowStart[rank];
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
                parent,
                start,
                end,
                rank);
            if (label.LatencyMs + _latencyRest[end] <= budgets.LatencyMs && label.EnergyJoules + _energyRest[end] <= budgets.EnergyJoules)
            {
                Insert(Key(set | (1 << rank), rank, end), label, budgets.WithBottleneck);
            }
        }
    }

    private void Insert(long key, Label label, bool withBottleneck)
    {
        if (!_front.TryGetValue(key, out var front))
        {
            _front[key] = front = [];
        }

        foreach (var other in front)
        {
            if (_labels[other].Dominates(label, withBottleneck))
            {
                return;
            }
        }

        front.RemoveAll(other => label.Dominates(_labels[other], withBottleneck));
        _labels.Add(label);
        front.Add(_labels.Count - 1);
    }

    private List<StageSpan>? Best(PlacementObjective objective, SearchLimits limits)
    {
        var best = -1;
        foreach (var (key, front) in _front)
        {
            var (set, end) = ((int)(key / _stride / _usable.Length), (int)(key % _stride));
            var stages = BitOperations.PopCount((uint)set);
            if (end != _chain.BlockCount || stages < limits.MinStages || stages > limits.MaxStages)
            {
                continue;
            }

            foreach (var label in front)
            {
                if (best < 0 || Better(objective, _labels[label], _labels[best]))
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

    private long Key(int set, int rank, int end) => ((((long)set * _usable.Length) + rank) * _stride) + end;

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

    private readonly record struct Budgets(double LatencyMs, double EnergyJoules, bool WithBottleneck);

    /// <summary>One partial placement: its totals so far, its last stage, and the label it extends.</summary>
    private readonly record struct Label(double LatencyMs, double EnergyJoules, double BottleneckMs, int Parent, int Start, int End, int Rank)
    {
        /// <summary>Where every placement starts: nothing covered.</summary>
        public static Label Origin => new(0, 0, 0, -1, 0, 0, -1);

        public bool Dominates(Label other, bool withBottleneck) =>
            LatencyMs <= other.LatencyMs && EnergyJoules <= other.EnergyJoules && (!withBottleneck || BottleneckMs <= other.BottleneckMs);
    }
}
