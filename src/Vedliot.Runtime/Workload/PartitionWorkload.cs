using Vedliot.Runtime.Models;

namespace Vedliot.Runtime.Workload;

/// <summary>The work of a run of operations: per node and in total.</summary>
/// <param name="Nodes">Each operation node with its workload, in execution order.</param>
public sealed record PartitionWorkload(IReadOnlyList<(GraphNode Node, NodeWorkload Work)> Nodes)
{
    /// <summary>Total arithmetic operations.</summary>
    public double Operations => Nodes.Sum(n => n.Work.Operations);

    /// <summary>Total bytes moved.</summary>
    public long BytesMoved => Nodes.Sum(n => n.Work.BytesMoved);

    /// <summary>Estimates the workload of <paramref name="operations"/> from the concrete tensors of a run.</summary>
    public static PartitionWorkload Estimate(IEnumerable<GraphNode> operations, IReadOnlyDictionary<string, ConcreteTensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentNullException.ThrowIfNull(tensors);
        return new PartitionWorkload(operations.Select(n => (n, WorkloadEstimator.Estimate(n, name => tensors.GetValueOrDefault(name)))).ToList());
    }
}
