using Vedliot.Runtime.Models;

namespace Vedliot.Runtime.Partitioning;

/// <summary>A model split into partitions that, run in order, compute what the whole model computes.</summary>
/// <param name="Graph">The source model.</param>
/// <param name="Plan">The cuts that made the partitions.</param>
/// <param name="Partitions">The partitions in execution order.</param>
public sealed record PartitionedModel(ModelGraph Graph, PartitionPlan Plan, IReadOnlyList<ModelPartition> Partitions)
{
    /// <summary>The cut between partition <paramref name="index"/> and the next one.</summary>
    public CutPoint CutAfter(int index) => Graph.CutAt(Plan.Cuts[index]);
}
