namespace Vedliot.Runtime.Partitioning;

/// <summary>How <see cref="CutSelector"/> chooses cuts for a requested number of partitions.</summary>
public enum CutRule
{
    /// <summary>Equal numbers of operations per partition (the first partitions take the remainder last).</summary>
    BalancedOperations,

    /// <summary>
    /// The least total bytes crossing the cuts, with every partition holding at least half of an equal
    /// share of the operations (so that the rule cannot degenerate into slivers).
    /// </summary>
    FewestCrossingBytes,
}
