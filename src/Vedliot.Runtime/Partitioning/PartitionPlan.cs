using Vedliot.Runtime.Models;

namespace Vedliot.Runtime.Partitioning;

/// <summary>
/// Where to cut a model: ascending cut positions (numbers of operations before each cut) and the rule
/// that chose them.
/// </summary>
public sealed record PartitionPlan
{
    private PartitionPlan(IReadOnlyList<int> cuts, string rule)
    {
        Cuts = cuts;
        Rule = rule;
    }

    /// <summary>Cut positions, strictly ascending, each in 1 .. operation count - 1.</summary>
    public IReadOnlyList<int> Cuts { get; }

    /// <summary>How the cuts were chosen, for reports.</summary>
    public string Rule { get; }

    /// <summary>Number of partitions the plan gives.</summary>
    public int PartitionCount => Cuts.Count + 1;

    /// <summary>The plan that keeps the model whole.</summary>
    public static PartitionPlan Whole { get; } = new([], "whole model");

    /// <summary>A plan with the given cut positions, checked against <paramref name="graph"/>.</summary>
    /// <exception cref="PartitioningException">A position is out of range, repeated or out of order.</exception>
    public static PartitionPlan AtPositions(ModelGraph graph, IEnumerable<int> positions, string rule = "explicit cuts")
    {
        ArgumentNullException.ThrowIfNull(graph);
        var cuts = positions.ToList();
        var operations = graph.Operations.Count;
        foreach (var cut in cuts)
        {
            if (cut < 1 || cut >= operations)
            {
                throw new PartitioningException($"{graph.Source}: cut position {cut} is out of range; the model has {operations} operations, so cuts lie in 1..{operations - 1}");
            }
        }

        for (var i = 1; i < cuts.Count; i++)
        {
            if (cuts[i] <= cuts[i - 1])
            {
                throw new PartitioningException($"{graph.Source}: cut positions must be strictly ascending, but {cuts[i]} follows {cuts[i - 1]}");
            }
        }

        return new PartitionPlan(cuts, rule);
    }
}
