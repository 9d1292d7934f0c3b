namespace Vedliot.Runtime.Placement;

/// <summary>
/// The states of one <see cref="ChainSearch"/> run, layer by layer: the best cost of reaching each (layer, class of
/// the last stage, boundary), with the start and predecessor class that reached it. A layer is computed from
/// the layers below it and from itself (a stage on an untracked class keeps the layer), boundary by boundary.
/// </summary>
internal sealed class ChainLayers
{
    private readonly ChainModel _chain;
    private readonly int[] _usable;
    private readonly int _ranks;
    private readonly int _stride;
    private readonly List<double[]?> _value = [];
    private readonly List<int[]?> _parentStart = [];
    private readonly List<short[]?> _parentRank = [];
    private readonly List<int> _reachedInRun = [];
    private readonly double[][] _costPrefix;
    private readonly double[] _fixedCost;
    private readonly int[][] _windowStart;
    private readonly double[][] _entry;
    private readonly short[][] _entryRank;
    private readonly int[][] _deque;
    private readonly double[] _remainingLowerBound;
    private readonly int[] _predecessor;
    private readonly bool[] _firstStage;
    private UsageSpace _space = null!;
    private double _latencyWeight;
    private double _energyWeight;
    private int _run;

    public ChainLayers(ChainModel chain, int ranks)
    {
        _chain = chain;
        _usable = chain.UsableModules;
        _ranks = ranks;
        _stride = chain.BlockCount + 1;
        _costPrefix = NewRows<double>();
        _fixedCost = new double[ranks];
        _windowStart = NewRows<int>();
        _entry = NewRows<double>();
        _entryRank = NewRows<short>();
        _deque = NewRows<int>();
        _remainingLowerBound = new double[_stride];
        _predecessor = new int[ranks];
        _firstStage = new bool[ranks];
    }

    /// <summary>Sets what a stage costs: the weighted sum of latency and energy, or (bottleneck) its latency alone.</summary>
    public void SetWeights(double latencyWeight, double energyWeight, bool bottleneck)
    {
        (_latencyWeight, _energyWeight) = (latencyWeight, energyWeight);
        for (var r = 0; r < _ranks; r++)
        {
            var module = _usable[r];
            for (var j = 0; j < _stride; j++)
            {
                _costPrefix[r][j] = (latencyWeight * _chain.LatencyPrefix[module][j]) + (energyWeight * _chain.EnergyPrefix[module][j]);
            }

            _fixedCost[r] = (latencyWeight * _chain.FixedMs[module]) + (energyWeight * _chain.FixedJoules[module]);
        }

        Array.Clear(_remainingLowerBound);
        for (var j = _stride - 2; j >= 0 && !bottleneck; j--)
        {
            var cheapest = double.PositiveInfinity;
            for (var r = 0; r < _ranks; r++)
            {
                cheapest = Math.Min(cheapest, _costPrefix[r][j + 1] - _costPrefix[r][j]);
            }

            _remainingLowerBound[j] = _remainingLowerBound[j + 1] + Math.Max(0, cheapest);
        }
    }

    /// <summary>Starts a run over <paramref name="space"/>'s layers with stages no slower than <paramref name="capMs"/>.</summary>
    public void Begin(UsageSpace space, double capMs)
    {
        _space = space;
        _run++;
        while (_value.Count < space.Layers)
        {
            _value.Add(null);
            _parentStart.Add(null);
            _parentRank.Add(null);
            _reachedInRun.Add(0);
        }

        for (var r = 0; r < _ranks; r++)
        {
            var module = _usable[r];
            var capStart = 0;
            for (var j = 1; j < _stride; j++)
            {
                while (capStart < j && _chain.StageMs(module, capStart, j) > capMs)
                {
                    capStart++;
                }

                _windowStart[r][j] = Math.Max(_chain.EarliestStart[module][j], capStart);
            }
        }
    }

    /// <summary>True when some state of <paramref name="layer"/> was reached in this run.</summary>
    public bool IsReached(int layer) => _reachedInRun[layer] == _run;

    /// <summary>The best cost of (layer, rank, boundary); infinite when not reached.</summary>
    public double Value(int layer, int rank, int boundary) => IsReached(layer) ? _value[layer]![(rank * _stride) + boundary] : double.PositiveInfinity;

    /// <summary>Computes every state of <paramref name="layer"/>.</summary>
    public void Process(int layer, bool bottleneck, double capMs, bool ignoreLinks, double bound)
    {
        var anySource = false;
        for (var r = 0; r < _ranks; r++)
        {
            _predecessor[r] = _space.Predecessor(layer, r);
            _firstStage[r] = _space.IsFirstStageLayer(layer, r) && _chain.MayRunFirstStage(_usable[r]);
            anySource |= _firstStage[r] || (_predecessor[r] >= 0 && _predecessor[r] != layer && IsReached(_predecessor[r]));
            Array.Fill(_entry[r], double.PositiveInfinity);
            _entry[r][0] = _firstStage[r] ? 0 : double.PositiveInfinity;
            _entryRank[r][0] = -1;
        }

        if (!anySource)
        {
            return;
        }

        Span<int> head = stackalloc int[_ranks];
        Span<int> tail = stackalloc int[_ranks];
        head.Clear();
        tail.Clear();
        for (var j = 1; j < _stride; j++)
        {
            var i = j - 1;
            for (var r = 0; r < _ranks; r++)
            {
                if (i > 0 && _predecessor[r] >= 0 && IsReached(_predecessor[r]))
                {
                    FillEntry(_predecessor[r], r, i, bottleneck, capMs, ignoreLinks);
                }

                double value;
                int start;
                if (!bottleneck)
                {
                    // Sliding-window minimum of entry - prefix over first blocks [window, j - 1], with a monotone deque.
                    if (!double.IsPositiveInfinity(_entry[r][i]))
                    {
                        while (tail[r] > head[r] && Key(r, _deque[r][tail[r] - 1]) >= Key(r, i))
                        {
                            tail[r]--;
                        }

                        _deque[r][tail[r]++] = i;
                    }

                    while (tail[r] > head[r] && _deque[r][head[r]] < _windowStart[r][j])
                    {
                        head[r]++;
                    }

                    if (tail[r] == head[r])
                    {
                        continue;
                    }

                    start = _deque[r][head[r]];
                    value = _costPrefix[r][j] + Key(r, start) + _fixedCost[r];
                }
                else if (!TryBestBottleneckStart(r, j, out start, out value))
                {
                    continue;
                }

                if (value + _remainingLowerBound[j] > bound)
                {
                    continue;
                }

                var index = (r * _stride) + j;
                StatesOf(layer)[index] = value;
                _parentStart[layer]![index] = start;
                _parentRank[layer]![index] = _entryRank[r][start];
            }
        }
    }

    /// <summary>The stages of the best state (layer, rank) at the chain's end, first to last.</summary>
    public List<StageSpan> Reconstruct(UsageSpace space, int layer, int rank)
    {
        var stages = new List<StageSpan>();
        var end = _chain.BlockCount;
        while (rank >= 0)
        {
            var index = (rank * _stride) + end;
            var start = _parentStart[layer]![index];
            var previous = _parentRank[layer]![index];
            stages.Add(new StageSpan(start, end, _usable[rank]));
            layer = space.Predecessor(layer, rank);
            end = start;
            rank = previous;
        }

        stages.Reverse();
        return stages;
    }

    /// <summary>The best arrival at boundary <paramref name="i"/> from layer <paramref name="from"/> with a handover to class <paramref name="rank"/>.</summary>
    private void FillEntry(int from, int rank, int i, bool bottleneck, double capMs, bool ignoreLinks)
    {
        var values = _value[from]!;
        var to = _usable[rank];
        for (var q = 0; q < _ranks; q++)
        {
            var arrived = values[(q * _stride) + i];
            if (double.IsPositiveInfinity(arrived))
            {
                continue;
            }

            var cut = _chain.CutIndex(i, _usable[q], to);
            var (cutMs, cutJoules) = (_chain.CutMs[cut], _chain.CutJoules[cut]);
            if (double.IsPositiveInfinity(cutMs) && ignoreLinks)
            {
                (cutMs, cutJoules) = (0, 0);
            }

            if (double.IsPositiveInfinity(cutMs) || cutMs > capMs)
            {
                continue;
            }

            var candidate = bottleneck ? Math.Max(arrived, cutMs) : arrived + (_latencyWeight * cutMs) + (_energyWeight * cutJoules);
            if (candidate < _entry[rank][i])
            {
                _entry[rank][i] = candidate;
                _entryRank[rank][i] = (short)q;
            }
        }
    }

    private double Key(int rank, int i) => _entry[rank][i] - _costPrefix[rank][i];

    /// <summary>Scans first blocks from the latest back; a longer stage is never faster, so the scan stops once the stage alone is no better.</summary>
    private bool TryBestBottleneckStart(int rank, int end, out int start, out double value)
    {
        value = double.PositiveInfinity;
        start = -1;
        var prefix = _costPrefix[rank];
        for (var i = end - 1; i >= _windowStart[rank][end]; i--)
        {
            var stage = _fixedCost[rank] + prefix[end] - prefix[i];
            if (stage >= value)
            {
                break;
            }

            var candidate = Math.Max(_entry[rank][i], stage);
            if (candidate < value)
            {
                value = candidate;
                start = i;
            }
        }

        return start >= 0;
    }

    private double[] StatesOf(int layer)
    {
        if (_reachedInRun[layer] != _run)
        {
            _reachedInRun[layer] = _run;
            var size = _ranks * _stride;
            _value[layer] ??= new double[size];
            _parentStart[layer] ??= new int[size];
            _parentRank[layer] ??= new short[size];
            Array.Fill(_value[layer]!, double.PositiveInfinity);
        }

        return _value[layer]!;
    }

    private T[][] NewRows<T>() => Enumerable.Range(0, _ranks).Select(_ => new T[_stride]).ToArray();
}
