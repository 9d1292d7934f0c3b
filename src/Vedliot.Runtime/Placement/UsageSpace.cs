namespace Vedliot.Runtime.Placement;

/// <summary>
/// The usage part of the <see cref="ChainSearch"/> state: a mixed-radix number with one digit per tracked class
/// (stages on it so far, up to its member count) and, where the stage limits need it and some class is not
/// tracked, a digit for the stages so far. Adding a stage never lowers the number, so layers in increasing
/// order see every predecessor first; a stage on an untracked class without a stage digit stays in its layer.
/// </summary>
internal sealed class UsageSpace
{
    private readonly int _blocks;
    private readonly int _maxLayers;
    private readonly int[] _radix;
    private readonly int[] _multiplier;
    private int _stageRadix;
    private int _stageMultiplier;
    private int _maxStages;

    /// <summary>
    /// Creates the space for classes of <paramref name="counts"/> members on a chain of <paramref name="blocks"/>
    /// blocks, nothing tracked; tracking a class that would pass <paramref name="maxLayers"/> layers drops it instead.
    /// </summary>
    public UsageSpace(int[] counts, int blocks, int maxLayers)
    {
        Counts = counts;
        _blocks = blocks;
        _maxLayers = maxLayers;
        Tracked = new bool[counts.Length];
        Dropped = new bool[counts.Length];
        _radix = new int[counts.Length];
        _multiplier = new int[counts.Length];
    }

    /// <summary>
    /// Tracks up to eight single modules from the start (256 layers, a sixteenth of the default reach): a
    /// relaxation reuses a single module so often that finding them one by one would cost more runs, while
    /// tracking every one of many up front would make every run pay for all 2^n sets, and would spend a small
    /// reach on modules the optimum may not want. The rest are tracked as the relaxation needs.
    /// </summary>
    public void TrackSingleModules()
    {
        var upFront = Math.Min(256, _maxLayers / 16);
        var layers = 1L;
        for (var r = 0; r < Counts.Length; r++)
        {
            if (Counts[r] == 1 && layers * 2 <= upFront)
            {
                Tracked[r] = true;
                layers *= 2;
            }
        }
    }

    /// <summary>[rank]: members of the class, the most stages it may host.</summary>
    public int[] Counts { get; }

    /// <summary>[rank]: true when the class's stages are counted in the state.</summary>
    public bool[] Tracked { get; }

    /// <summary>[rank]: true when the class was left out to stay within reach (the search is then heuristic).</summary>
    public bool[] Dropped { get; }

    /// <summary>Number of layers.</summary>
    public int Layers { get; private set; }

    /// <summary>Lays the digits out for a search within <paramref name="limits"/>.</summary>
    public void Configure(SearchLimits limits)
    {
        _maxStages = Math.Min(limits.MaxStages, _blocks);
        var layers = 1;
        for (var r = 0; r < Counts.Length; r++)
        {
            _radix[r] = Tracked[r] ? Math.Min(Counts[r], _maxStages) + 1 : 1;
            _multiplier[r] = layers;
            layers *= _radix[r];
        }

        var untracked = Enumerable.Range(0, Counts.Length).Any(r => !Tracked[r] && !Dropped[r]);
        _stageRadix = untracked && (_maxStages < _blocks || limits.MinStages > 1) ? _maxStages + 1 : 1;
        _stageMultiplier = layers;
        Layers = layers * _stageRadix;
    }

    /// <summary>Tracks class <paramref name="rank"/> from now on, or drops it when that would pass the most layers the search keeps.</summary>
    public void TrackOrDrop(int rank)
    {
        if ((long)Layers * (Math.Min(Counts[rank], _maxStages) + 1) <= _maxLayers)
        {
            Tracked[rank] = true;
        }
        else
        {
            Dropped[rank] = true;
        }
    }

    /// <summary>Stages so far in <paramref name="layer"/>; null when the layer does not know (no stage limit needs it).</summary>
    public int? StageCount(int layer)
    {
        if (_stageRadix > 1)
        {
            return layer / _stageMultiplier;
        }

        if (Enumerable.Range(0, Counts.Length).Any(r => !Tracked[r] && !Dropped[r]))
        {
            return null;
        }

        var count = 0;
        for (var r = 0; r < Counts.Length; r++)
        {
            count += Digit(layer, r);
        }

        return count;
    }

    /// <summary>The layer a stage on class <paramref name="rank"/> ending in <paramref name="layer"/> comes from; -1 when none can.</summary>
    public int Predecessor(int layer, int rank)
    {
        if (Dropped[rank] || (Tracked[rank] && Digit(layer, rank) == 0) || (_stageRadix > 1 && layer / _stageMultiplier == 0))
        {
            return -1;
        }

        return layer - Delta(rank);
    }

    /// <summary>True when a first stage on class <paramref name="rank"/> lands in <paramref name="layer"/>.</summary>
    public bool IsFirstStageLayer(int layer, int rank) => !Dropped[rank] && layer == Delta(rank);

    private int Delta(int rank) => (Tracked[rank] ? _multiplier[rank] : 0) + (_stageRadix > 1 ? _stageMultiplier : 0);

    private int Digit(int layer, int rank) => layer % _stageMultiplier / _multiplier[rank] % _radix[rank];
}
