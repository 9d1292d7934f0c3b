namespace Vedliot.Runtime.Profiling;

/// <summary>How the profiler measures each block on each module.</summary>
public sealed record ProfilerOptions
{
    /// <summary>Runs discarded before measuring (caches, lazy initialisation). Default: 2.</summary>
    public int WarmupRuns { get; init; } = 2;

    /// <summary>Fewest measured runs. Default: 5.</summary>
    public int MinimumRuns { get; init; } = 5;

    /// <summary>Most measured runs, when the median does not settle. Default: 50.</summary>
    public int MaximumRuns { get; init; } = 50;

    /// <summary>
    /// The median is stable when adding the last <see cref="MinimumRuns"/> runs moved it by less than
    /// this fraction. Default: 0.02 (2%).
    /// </summary>
    public double StableMedianChange { get; init; } = 0.02;

    /// <summary>Number of candidate cuts (the block boundaries) chosen from the model's cut points. Default: 12.</summary>
    public int CandidateCuts { get; init; } = 12;

    /// <summary>Folder of cached profiles; null disables the cache. Default: $XDG_CACHE_HOME/vedliot/profiles or ~/.cache/vedliot/profiles.</summary>
    public string? CacheDirectory { get; init; } = DefaultCacheDirectory();

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">A count is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(WarmupRuns);
        ArgumentOutOfRangeException.ThrowIfLessThan(MinimumRuns, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaximumRuns, MinimumRuns);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(StableMedianChange);
        ArgumentOutOfRangeException.ThrowIfNegative(CandidateCuts);
    }

    private static string DefaultCacheDirectory()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var root = string.IsNullOrEmpty(xdg) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache") : xdg;
        return Path.Combine(root, "vedliot", "profiles");
    }
}
