using Onnx;

namespace Vedliot.Runtime.Models;

/// <summary>
/// The dataflow graph of an ONNX model: its nodes in a topological order, every named tensor with its
/// producer and consumers, and the points where the model can be cut into partitions.
/// </summary>
/// <remarks>
/// Constant nodes are weights, not operations: they are kept in <see cref="Nodes"/> but not in
/// <see cref="Operations"/>, no cut falls after one, and their outputs never cross a cut.
/// </remarks>
public sealed class ModelGraph
{
    private readonly int[] _operationPosition;
    private readonly Lazy<IReadOnlyList<CutPoint>> _cutPoints;

    private ModelGraph(ModelProto model, string source, IReadOnlyList<GraphNode> nodes, IReadOnlyDictionary<string, ModelTensor> tensors)
    {
        Model = model;
        Source = source;
        Nodes = nodes;
        Tensors = tensors;
        Operations = nodes.Where(n => !n.IsConstant).ToList();
        _operationPosition = new int[nodes.Count];
        Array.Fill(_operationPosition, -1);
        for (var i = 0; i < Operations.Count; i++)
        {
            _operationPosition[Operations[i].Index] = i;
        }

        var initializers = model.Graph.Initializer.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        Inputs = model.Graph.Input.Where(i => !initializers.Contains(i.Name)).Select(i => tensors[i.Name]).ToList();
        Outputs = model.Graph.Output.Select(o => tensors[o.Name]).ToList();
        _cutPoints = new Lazy<IReadOnlyList<CutPoint>>(ComputeCutPoints);
    }

    /// <summary>The model the graph was built from. Treat it as read-only.</summary>
    public ModelProto Model { get; }

    /// <summary>The file path or name the model came from, used in messages.</summary>
    public string Source { get; }

    /// <summary>All nodes (Constant nodes included) in topological order.</summary>
    public IReadOnlyList<GraphNode> Nodes { get; }

    /// <summary>The operation nodes (all but Constant nodes) in topological order: what cuts divide.</summary>
    public IReadOnlyList<GraphNode> Operations { get; }

    /// <summary>Every named tensor of the main graph.</summary>
    public IReadOnlyDictionary<string, ModelTensor> Tensors { get; }

    /// <summary>The inputs a caller feeds: graph inputs that are not initializers, in declared order.</summary>
    public IReadOnlyList<ModelTensor> Inputs { get; }

    /// <summary>The graph outputs in declared order.</summary>
    public IReadOnlyList<ModelTensor> Outputs { get; }

    /// <summary>Every valid cut: one after each operation but the last.</summary>
    public IReadOnlyList<CutPoint> CutPoints => _cutPoints.Value;

    /// <summary>Reads and analyses the model at <paramref name="path"/>.</summary>
    /// <exception cref="ModelFormatException">The file cannot be read or its graph is not well formed.</exception>
    public static ModelGraph Load(string path) => FromModel(OnnxModelFile.Load(path), path);

    /// <summary>Analyses <paramref name="model"/>; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="ModelFormatException">The graph is not well formed.</exception>
    public static ModelGraph FromModel(ModelProto model, string source)
    {
        ArgumentNullException.ThrowIfNull(model);
        var graph = model.Graph ?? throw new ModelFormatException(source, "ModelProto.graph is missing");
        var order = TopologicalOrder(graph, source);
        var nodes = new List<GraphNode>(order.Count);
        foreach (var proto in order)
        {
            var index = nodes.Count;
            var name = proto.Name.Length > 0 ? proto.Name : $"#{index}:{proto.OpType}";
            nodes.Add(new GraphNode(
                index,
                name,
                proto.OpType,
                proto.Domain,
                proto.Input.Where(n => n.Length > 0).ToList(),
                SubgraphScope.OuterScopeReads(proto),
                proto.Output.Where(n => n.Length > 0).ToList(),
                proto));
        }

        return new ModelGraph(model, source, nodes, BuildTensors(graph, nodes, source));
    }

    /// <summary>Position of <paramref name="node"/> among <see cref="Operations"/>, or -1 for a Constant node.</summary>
    public int OperationPosition(GraphNode node) => _operationPosition[node.Index];

    /// <summary>The cut after the first <paramref name="position"/> operations.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such cut.</exception>
    public CutPoint CutAt(int position)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(position, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(position, Operations.Count - 1);
        return CutPoints[position - 1];
    }

    /// <summary>
    /// Operation position of the last operation that reads <paramref name="tensor"/>, or -1 when none does.
    /// </summary>
    public int LastUse(ModelTensor tensor) => tensor.Consumers.Count == 0 ? -1 : _operationPosition[tensor.Consumers[^1]];

    /// <summary>Operation position of the producer of <paramref name="tensor"/>; -1 for inputs and weights.</summary>
    public int ProducedAt(ModelTensor tensor) => tensor.Origin == TensorOrigin.NodeOutput ? _operationPosition[tensor.Producer] : -1;

    private CutPoint[] ComputeCutPoints()
    {
        var count = Math.Max(0, Operations.Count - 1);
        var crossing = new List<ModelTensor>[count];
        for (var i = 0; i < count; i++)
        {
            crossing[i] = [];
        }

        // A tensor crosses every cut between its producer and its last reader.
        var ordered = Tensors.Values
            .Where(t => t.Origin is TensorOrigin.GraphInput or TensorOrigin.NodeOutput)
            .OrderBy(ProducedAt)
            .ThenBy(t => t.Name, StringComparer.Ordinal);
        foreach (var tensor in ordered)
        {
            var last = LastUse(tensor);
            for (var position = ProducedAt(tensor) + 1; position <= last && position <= count; position++)
            {
                if (position >= 1)
                {
                    crossing[position - 1].Add(tensor);
                }
            }
        }

        var cuts = new CutPoint[count];
        for (var i = 0; i < count; i++)
        {
            long total = 0;
            var known = true;
            foreach (var tensor in crossing[i])
            {
                if (TensorTypes.TryGetStaticBytes(tensor.DeclaredType, out var bytes))
                {
                    total += bytes;
                }
                else
                {
                    known = false;
                }
            }

            cuts[i] = new CutPoint(i + 1, crossing[i], known ? total : null);
        }

        return cuts;
    }

    private static List<NodeProto> TopologicalOrder(GraphProto graph, string source)
    {
        var producerOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < graph.Node.Count; i++)
        {
            foreach (var output in graph.Node[i].Output.Where(o => o.Length > 0))
            {
                if (!producerOf.TryAdd(output, i))
                {
                    throw new ModelFormatException(source, $"tensor '{output}' is produced twice (by node {producerOf[output]} and node {i} '{graph.Node[i].Name}'); ONNX graphs assign each name once");
                }
            }
        }

        var available = new HashSet<string>(StringComparer.Ordinal);
        available.UnionWith(graph.Input.Select(i => i.Name));
        available.UnionWith(graph.Initializer.Select(i => i.Name));
        available.UnionWith(graph.SparseInitializer.Select(i => i.Values.Name));

        var pending = new int[graph.Node.Count];
        var dependents = graph.Node.Select(_ => new List<int>()).ToArray();
        for (var i = 0; i < graph.Node.Count; i++)
        {
            var node = graph.Node[i];
            foreach (var input in node.Input.Concat(SubgraphScope.OuterScopeReads(node)).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal))
            {
                if (producerOf.TryGetValue(input, out var producer))
                {
                    if (!available.Contains(input))
                    {
                        pending[i]++;
                        dependents[producer].Add(i);
                    }
                }
                else if (!available.Contains(input))
                {
                    throw new ModelFormatException(source, $"node {i} '{node.Name}' ({node.OpType}) reads tensor '{input}', which no node, initializer or graph input provides");
                }
            }
        }

        // Kahn's algorithm, preferring the file's order so that an already sorted graph keeps it.
        var ready = new PriorityQueue<int, int>();
        for (var i = 0; i < pending.Length; i++)
        {
            if (pending[i] == 0)
            {
                ready.Enqueue(i, i);
            }
        }

        var order = new List<NodeProto>(graph.Node.Count);
        while (ready.TryDequeue(out var next, out _))
        {
            order.Add(graph.Node[next]);
            foreach (var dependent in dependents[next])
            {
                if (--pending[dependent] == 0)
                {
                    ready.Enqueue(dependent, dependent);
                }
            }
        }

        if (order.Count != graph.Node.Count)
        {
            var stuck = Enumerable.Range(0, pending.Length).First(i => pending[i] > 0);
            throw new ModelFormatException(source, $"the graph has a cycle through node {stuck} '{graph.Node[stuck].Name}' ({graph.Node[stuck].OpType})");
        }

        return order;
    }

    private static Dictionary<string, ModelTensor> BuildTensors(GraphProto graph, List<GraphNode> nodes, string source)
    {
        var declared = new Dictionary<string, TypeProto>(StringComparer.Ordinal);
        foreach (var info in graph.ValueInfo.Concat(graph.Input).Concat(graph.Output))
        {
            if (info.Type is not null)
            {
                declared[info.Name] = info.Type;
            }
        }

        var consumers = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            foreach (var name in node.AllInputs.Distinct(StringComparer.Ordinal))
            {
                if (!consumers.TryGetValue(name, out var list))
                {
                    consumers[name] = list = [];
                }

                list.Add(node.Index);
            }
        }

        var outputs = graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var tensors = new Dictionary<string, ModelTensor>(StringComparer.Ordinal);
        void Add(string name, TensorOrigin origin, int producer)
        {
            tensors[name] = new ModelTensor(
                name,
                origin,
                producer,
                consumers.TryGetValue(name, out var list) ? list : [],
                outputs.Contains(name),
                declared.GetValueOrDefault(name));
        }

        foreach (var input in graph.Input)
        {
            Add(input.Name, TensorOrigin.GraphInput, -1);
        }

        foreach (var initializer in graph.Initializer)
        {
            Add(initializer.Name, TensorOrigin.Initializer, -1);
        }

        foreach (var sparse in graph.SparseInitializer)
        {
            Add(sparse.Values.Name, TensorOrigin.Initializer, -1);
        }

        foreach (var node in nodes)
        {
            foreach (var output in node.Outputs)
            {
                Add(output, node.IsConstant ? TensorOrigin.Constant : TensorOrigin.NodeOutput, node.Index);
            }
        }

        foreach (var output in graph.Output.Where(o => !tensors.ContainsKey(o.Name)))
        {
            throw new ModelFormatException(source, $"graph output '{output.Name}' is produced by no node, initializer or graph input");
        }

        return tensors;
    }
}
