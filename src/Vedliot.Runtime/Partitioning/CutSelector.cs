using Vedliot.Runtime.Models;

namespace Vedliot.Runtime.Partitioning;

/// <summary>Chooses where to cut a model, by a stated <see cref="CutRule"/> or at named tensors.</summary>
public static class CutSelector
{
    /// <summary>
    /// Chooses cuts that split <paramref name="graph"/> into <paramref name="partitions"/> parts by
    /// <paramref name="rule"/>. <paramref name="tensorBytes"/> gives a tensor's size when its declared
    /// type is not static (for example measured in a run); <see cref="CutRule.FewestCrossingBytes"/> needs
    /// a size for every tensor that crosses a candidate cut.
    /// </summary>
    /// <exception cref="PartitioningException">The model cannot give that many partitions, or a size is unknown.</exception>
    public static PartitionPlan Select(ModelGraph graph, int partitions, CutRule rule, Func<ModelTensor, long?>? tensorBytes = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var operations = graph.Operations.Count;
        if (partitions < 1)
        {
            throw new PartitioningException($"{graph.Source}: the partition count must be at least 1, not {partitions}");
        }

        if (partitions > Math.Max(1, operations))
        {
            throw new PartitioningException($"{graph.Source}: the model has {operations} operations, so it cannot be split into {partitions} partitions (at most {Math.Max(1, operations)})");
        }

        if (partitions == 1)
        {
            return PartitionPlan.Whole;
        }

        return rule switch
        {
            CutRule.BalancedOperations => PartitionPlan.AtPositions(
                graph,
                Enumerable.Range(1, partitions - 1).Select(k => (int)((long)k * operations / partitions)),
                "balanced operation count"),
            CutRule.FewestCrossingBytes => FewestBytes(graph, partitions, tensorBytes),
            _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "unknown cut rule"),
        };
    }

    /// <summary>
    /// Cuts right after the producer of each named tensor. Each tensor must separate the graph: at that
    /// cut it must be the only tensor crossing.
    /// </summary>
    /// <exception cref="PartitioningException">A name is unknown, or its tensor does not separate the graph.</exception>
    public static PartitionPlan AtTensors(ModelGraph graph, IEnumerable<string> tensorNames)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var positions = new List<int>();
        foreach (var name in tensorNames)
        {
            if (!graph.Tensors.TryGetValue(name, out var tensor))
            {
                throw new PartitioningException($"{graph.Source}: there is no tensor named '{name}' to cut at");
            }

            if (tensor.Origin != TensorOrigin.NodeOutput)
            {
                throw new PartitioningException($"{graph.Source}: tensor '{name}' is {Describe(tensor.Origin)}, not an activation; a cut falls after an operation");
            }

            var position = graph.ProducedAt(tensor) + 1;
            if (position >= graph.Operations.Count)
            {
                throw new PartitioningException($"{graph.Source}: tensor '{name}' is made by the last operation; there is nothing after it to cut off");
            }

            var cut = graph.CutAt(position);
            var others = cut.Crossing.Where(t => t.Name != name).ToList();
            if (others.Count > 0 || !cut.Crossing.Contains(tensor))
            {
                var why = others.Count > 0
                    ? "also crossing: " + string.Join(", ", others.Select(t => $"'{t.Name}' ({DescribeSource(graph, t)})"))
                    : "no later operation reads it";
                throw new PartitioningException($"{graph.Source}: tensor '{name}' does not separate the graph at the cut after operation {position} '{graph.Operations[position - 1].Name}'; {why}");
            }

            positions.Add(position);
        }

        positions.Sort();
        return PartitionPlan.AtPositions(graph, positions.Distinct(), "cuts at named tensors");
    }

    private static PartitionPlan FewestBytes(ModelGraph graph, int partitions, Func<ModelTensor, long?>? tensorBytes)
    {
        var operations = graph.Operations.Count;
        var cost = new long[operations];
        foreach (var cut in graph.CutPoints)
        {
            foreach (var tensor in cut.Crossing)
            {
                var bytes = TensorTypes.TryGetStaticBytes(tensor.DeclaredType, out var declared) ? declared : tensorBytes?.Invoke(tensor);
                cost[cut.Position] += bytes ?? throw new PartitioningException(
                    $"{graph.Source}: the size of tensor '{tensor.Name}' is not known (its shape is not static), so cuts cannot be chosen by crossing bytes; give the model's input to measure it, or choose cuts by operation count");
            }
        }

        // best[k][p]: least bytes over k cuts with the last at position p, each part at least minimum long.
        var minimum = Math.Max(1, operations / (2 * partitions));
        var best = new long[partitions][];
        var previous = new int[partitions][];
        for (var k = 0; k < partitions; k++)
        {
            best[k] = new long[operations + 1];
            previous[k] = new int[operations + 1];
            Array.Fill(best[k], long.MaxValue);
        }

        best[0][0] = 0;
        for (var k = 1; k < partitions; k++)
        {
            var runningMin = long.MaxValue;
            var runningArg = -1;
            for (var p = 1; p < operations; p++)
            {
                var q = p - minimum;
                if (q >= 0 && best[k - 1][q] < runningMin)
                {
                    runningMin = best[k - 1][q];
                    runningArg = q;
                }

                if (runningArg >= 0 && operations - p >= minimum)
                {
                    best[k][p] = runningMin + cost[p];
                    previous[k][p] = runningArg;
                }
            }
        }

        var last = -1;
        for (var p = 1; p < operations; p++)
        {
            if (best[partitions - 1][p] != long.MaxValue && (last < 0 || best[partitions - 1][p] < best[partitions - 1][last]))
            {
                last = p;
            }
        }

        if (last < 0)
        {
            throw new PartitioningException($"{graph.Source}: {partitions} partitions of at least {minimum} operations each do not fit in {operations} operations");
        }

        var cuts = new int[partitions - 1];
        for (int k = partitions - 1, p = last; k >= 1; p = previous[k][p], k--)
        {
            cuts[k - 1] = p;
        }

        return PartitionPlan.AtPositions(graph, cuts, "fewest crossing bytes");
    }

    private static string Describe(TensorOrigin origin) => origin switch
    {
        TensorOrigin.GraphInput => "a graph input",
        TensorOrigin.Initializer => "an initializer",
        TensorOrigin.Constant => "a Constant node's weight",
        _ => "an activation",
    };

    private static string DescribeSource(ModelGraph graph, ModelTensor tensor) =>
        tensor.Origin == TensorOrigin.GraphInput ? "graph input" : $"made by '{graph.Nodes[tensor.Producer].Name}'";
}
