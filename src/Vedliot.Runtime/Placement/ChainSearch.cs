using System.Numerics;

namespace Vedliot.Runtime.Placement;

/// <summary>
/// Exact dynamic programme over a chain of blocks with at most one stage per module.
/// </summary>
/// <remarks>
/// A state is (set of modules used, module of the last stage, blocks covered so far); the set keeps the
/// one-stage-per-module rule exact. Sets are visited in increasing order, so a set is final before any
/// superset reads it, and only reached sets are stored (unreachable ones are pruned). Every constraint on
/// a stage's own blocks (operators, memory, pins, a latency cap) leaves a window of feasible first blocks
/// that only moves right as the stage's end moves right, so for additive costs the best predecessor comes
/// from a sliding-window minimum in O(1) per state rather than a scan over every first block.
/// </remarks>
internal sealed class ChainSearch
{
    private readonly ChainModel _chain;
    private readonly int[] _usable;
    private readonly int _stride;
    private readonly double[]?[] _value;
    private readonly int[]?[] _parentStart;
    private readonly sbyte[]?[] _parentRank;
    private readonly int[] _reachedInRun;
    private readonly double[][] _stageCostPrefix;
    private readonly int[][] _windowStart;
    private readonly double[] _entry;
    private readonly sbyte[] _entryRank;
    private readonly int[] _deque;
    private readonly double[] _remainingLowerBound;
    private double _bound;
    private int _run;

    public ChainSearch(ChainModel chain)
    {
        _chain = chain;
        _usable = chain.UsableModules;
        _stride = chain.BlockCount + 1;
        var sets = 1 << _usable.Length;
        _value = new double[sets][];
        _parentStart = new int[sets][];
        _parentRank = new sbyte[sets][];
        _reachedInRun = new int[sets];
        _stageCostPrefix = _usable.Select(_ => new double[_stride]).ToArray();
        _windowStart = _usable.Select(_ => new int[_stride]).ToArray();
        _entry = new double[_stride];
        _entryRank = new sbyte[_stride];
        _deque = new int[_stride];
        _remainingLowerBound = new double[_stride];
    }

    private enum Mode
    {
        WeightedSum,
        Bottleneck,
    }

    /// <summary>
    /// The stages minimizing latencyWeight × (latency + transfers) + energyWeight × energy, using no stage or
    /// transfer slower than <paramref name="capMs"/>; null when nothing is feasible or nothing costs at most
    /// <paramref name="upperBound"/>.
    /// </summary>
    /// <remarks>
    /// With a finite bound, a state whose cost so far plus the cheapest conceivable rest (each remaining
    /// block on its cheapest module, no transfers) exceeds the bound is pruned, and so is everything after it.
    /// </remarks>
    public List<StageSpan>? MinimizeWeightedSum(double latencyWeight, double energyWeight, double capMs, SearchLimits limits, double upperBound = double.PositiveInfinity)
    {
        for (var r = 0; r < _usable.Length; r++)
        {
            var module = _usable[r];
            for (var j = 0; j < _stride; j++)
            {
                _stageCostPrefix[r][j] = (latencyWeight * _chain.LatencyPrefix[module][j]) + (energyWeight * _chain.EnergyPrefix[module][j]);
            }
        }

        _remainingLowerBound[_stride - 1] = 0;
        for (var j = _stride - 2; j >= 0; j--)
        {
            var cheapest = double.PositiveInfinity;
            for (var r = 0; r < _usable.Length; r++)
            {
                cheapest = Math.Min(cheapest, _stageCostPrefix[r][j + 1] - _stageCostPrefix[r][j]);
            }

            _remainingLowerBound[j] = _remainingLowerBound[j + 1] + Math.Max(0, cheapest);
        }

        _bound = upperBound;
        return Run(Mode.WeightedSum, latencyWeight, capMs, limits);
    }

    /// <summary>The stages whose slowest stage or transfer is fastest; null when nothing is feasible.</summary>
    public List<StageSpan>? MinimizeBottleneck(SearchLimits limits)
    {
        for (var r = 0; r < _usable.Length; r++)
        {
            Array.Copy(_chain.LatencyPrefix[_usable[r]], _stageCostPrefix[r], _stride);
        }

        Array.Clear(_remainingLowerBound);
        _bound = double.PositiveInfinity;
        return Run(Mode.Bottleneck, 1.0, double.PositiveInfinity, limits);
    }

    private List<StageSpan>? Run(Mode mode, double transferWeight, double capMs, SearchLimits limits)
    {
        _run++;
        PrepareWindows(capMs);
        var lastSet = (1 << _usable.Length) - 1;
        for (var set = 0; set <= lastSet; set++)
        {
            if ((set != 0 && _reachedInRun[set] != _run) || BitOperations.PopCount((uint)set) >= limits.MaxStages)
            {
                continue;
            }

            for (var rank = 0; rank < _usable.Length; rank++)
            {
                if ((set & (1 << rank)) != 0 || (set == 0 && !_chain.MayRunFirstStage(_usable[rank])))
                {
                    continue;
                }

                if (FillEntries(mode, set, rank, transferWeight, capMs, limits.IgnoreLinks))
                {
                    Extend(mode, set | (1 << rank), rank);
                }
            }
        }

        return BestFinal(limits);
    }

    private void PrepareWindows(double capMs)
    {
        for (var r = 0; r < _usable.Length; r++)
        {
            var latency = _chain.LatencyPrefix[_usable[r]];
            var earliest = _chain.EarliestStart[_usable[r]];
            var capStart = 0;
            for (var j = 1; j < _stride; j++)
            {
                while (capStart < j && latency[j] - latency[capStart] > capMs)
                {
                    capStart++;
                }

                _windowStart[r][j] = Math.Max(earliest[j], capStart);
            }
        }
    }

    /// <summary>
    /// Fills, for each boundary i, the best way to arrive there from <paramref name="set"/> with a transfer to
    /// module <paramref name="rank"/>; returns false when there is none.
    /// </summary>
    private bool FillEntries(Mode mode, int set, int rank, double transferWeight, double capMs, bool ignoreLinks)
    {
        Array.Fill(_entry, double.PositiveInfinity);
        if (set == 0)
        {
            _entry[0] = 0;
            _entryRank[0] = -1;
            return true;
        }

        var values = _value[set]!;
        var to = _usable[rank];
        var any = false;

        // Previous module outermost: both the states and the transfers of one pair are contiguous over boundaries.
        for (var q = 0; q < _usable.Length; q++)
        {
            if ((set & (1 << q)) == 0)
            {
                continue;
            }

            var states = q * _stride;
            var transfers = _chain.TransferIndex(0, _usable[q], to);
            for (var i = 1; i < _chain.BlockCount; i++)
            {
                var arrived = values[states + i];
                var transfer = _chain.TransferMs[transfers + i];
                if (double.IsPositiveInfinity(transfer) && ignoreLinks)
                {
                    transfer = 0;
                }

                if (double.IsPositiveInfinity(arrived) || double.IsPositiveInfinity(transfer) || transfer > capMs || _chain.Revealing[transfers + i])
                {
                    continue;
                }

                var candidate = mode == Mode.WeightedSum ? arrived + (transferWeight * transfer) : Math.Max(arrived, transfer);
                if (candidate < _entry[i])
                {
                    _entry[i] = candidate;
                    _entryRank[i] = (sbyte)q;
                    any = true;
                }
            }
        }

        if (mode == Mode.WeightedSum)
        {
            // Subtracting the prefix at the stage's start lets the window minimum ignore the stage's end.
            var prefix = _stageCostPrefix[rank];
            for (var i = 1; i < _chain.BlockCount; i++)
            {
                _entry[i] -= prefix[i];
            }
        }

        return any;
    }

    private void Extend(Mode mode, int target, int rank)
    {
        var prefix = _stageCostPrefix[rank];
        var window = _windowStart[rank];
        var head = 0;
        var tail = 0;
        var offset = rank * _stride;
        for (var j = 1; j < _stride; j++)
        {
            double value;
            int start;
            if (mode == Mode.WeightedSum)
            {
                // Sliding-window minimum over entries [window[j], j - 1] with a monotone deque.
                if (!double.IsPositiveInfinity(_entry[j - 1]))
                {
                    while (tail > head && _entry[_deque[tail - 1]] >= _entry[j - 1])
                    {
                        tail--;
                    }

                    _deque[tail++] = j - 1;
                }

                while (tail > head && _deque[head] < window[j])
                {
                    head++;
                }

                if (tail == head)
                {
                    continue;
                }

                start = _deque[head];
                value = prefix[j] + _entry[start];
            }
            else if (!TryBestBottleneckStart(prefix, window[j], j, out start, out value))
            {
                continue;
            }

            if (value + _remainingLowerBound[j] > _bound)
            {
                continue;
            }

            var values = StatesOf(target);
            values[offset + j] = value;
            _parentStart[target]![offset + j] = start;
            _parentRank[target]![offset + j] = _entryRank[start];
        }
    }

    /// <summary>Scans first blocks from the latest back; a longer stage is never faster, so the scan stops once the stage alone is no better.</summary>
    private bool TryBestBottleneckStart(double[] prefix, int windowStart, int end, out int start, out double value)
    {
        value = double.PositiveInfinity;
        start = -1;
        for (var i = end - 1; i >= windowStart; i--)
        {
            var stage = prefix[end] - prefix[i];
            if (stage >= value)
            {
                break;
            }

            var candidate = Math.Max(_entry[i], stage);
            if (candidate < value)
            {
                value = candidate;
                start = i;
            }
        }

        return start >= 0;
    }

    private double[] StatesOf(int set)
    {
        if (_reachedInRun[set] != _run)
        {
            _reachedInRun[set] = _run;
            var size = _usable.Length * _stride;
            _value[set] ??= new double[size];
            _parentStart[set] ??= new int[size];
            _parentRank[set] ??= new sbyte[size];
            Array.Fill(_value[set]!, double.PositiveInfinity);
        }

        return _value[set]!;
    }

    private List<StageSpan>? BestFinal(SearchLimits limits)
    {
        var best = double.PositiveInfinity;
        var bestSet = -1;
        var bestRank = -1;
        var end = _chain.BlockCount;
        for (var set = 1; set < _reachedInRun.Length; set++)
        {
            var stages = BitOperations.PopCount((uint)set);
            if (_reachedInRun[set] != _run || stages < limits.MinStages || stages > limits.MaxStages)
            {
                continue;
            }

            for (var rank = 0; rank < _usable.Length; rank++)
            {
                var value = _value[set]![(rank * _stride) + end];
                if ((set & (1 << rank)) != 0 && value < best)
                {
                    (best, bestSet, bestRank) = (value, set, rank);
                }
            }
        }

        return bestSet < 0 ? null : Reconstruct(bestSet, bestRank);
    }

    private List<StageSpan> Reconstruct(int set, int rank)
    {
        var stages = new List<StageSpan>();
        var end = _chain.BlockCount;
        while (rank >= 0)
        {
            var index = (rank * _stride) + end;
            var start = _parentStart[set]![index];
            var previous = _parentRank[set]![index];
            stages.Add(new StageSpan(start, end, _usable[rank]));
            set &= ~(1 << rank);
            end = start;
            rank = previous;
        }

        stages.Reverse();
        return stages;
    }
}
