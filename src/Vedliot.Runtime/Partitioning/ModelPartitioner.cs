using System.Security.Cryptography;
using Onnx;
using Vedliot.Runtime.Models;

namespace Vedliot.Runtime.Partitioning;

/// <summary>
/// Splits a <see cref="ModelGraph"/> into standalone partition models. Each partition carries its own
/// graph inputs and outputs (typed), only the initializers and Constant nodes it reads, every opset
/// import and model-local function of the source, the value_info of its tensors and the source's
/// metadata plus its place in the chain.
/// </summary>
public sealed class ModelPartitioner
{
    private readonly ModelGraph _graph;
    private readonly IValueTypeResolver _typeResolver;
    private readonly Dictionary<string, TypeProto> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ValueInfoProto> _valueInfo = new(StringComparer.Ordinal);
    private readonly Lazy<string> _sourceDigest;
    private bool _resolved;

    /// <summary>Creates a partitioner for <paramref name="graph"/>.</summary>
    /// <param name="graph">The model to split.</param>
    /// <param name="typeResolver">Infers the types of crossing tensors the model does not declare.</param>
    public ModelPartitioner(ModelGraph graph, IValueTypeResolver typeResolver)
    {
        _graph = graph ?? throw new ArgumentNullException(nameof(graph));
        _typeResolver = typeResolver ?? throw new ArgumentNullException(nameof(typeResolver));
        foreach (var tensor in graph.Tensors.Values.Where(t => t.DeclaredType is not null))
        {
            _types[tensor.Name] = tensor.DeclaredType!;
        }

        foreach (var info in graph.Model.Graph.ValueInfo)
        {
            _valueInfo[info.Name] = info;
        }

        _sourceDigest = new Lazy<string>(() => Convert.ToHexStringLower(SHA256.HashData(Google.Protobuf.MessageExtensions.ToByteArray(graph.Model))));
    }

    /// <summary>Splits the model as <paramref name="plan"/> says.</summary>
    /// <exception cref="PartitioningException">A crossing tensor's type cannot be determined.</exception>
    public PartitionedModel Split(PartitionPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var bounds = new List<int> { 0 };
        bounds.AddRange(plan.Cuts);
        bounds.Add(_graph.Operations.Count);

        var partitions = new List<ModelPartition>(plan.PartitionCount);
        for (var i = 0; i < plan.PartitionCount; i++)
        {
            partitions.Add(BuildPartition(i, plan.PartitionCount, bounds[i], bounds[i + 1]));
        }

        return new PartitionedModel(_graph, plan, partitions);
    }

    private ModelPartition BuildPartition(int index, int count, int first, int end)
    {
        var isLast = index == count - 1;
        var operations = Enumerable.Range(first, end - first).Select(p => _graph.Operations[p]).ToList();
        var produced = operations.SelectMany(n => n.Outputs).ToHashSet(StringComparer.Ordinal);
        var reads = operations.SelectMany(n => n.AllInputs).Distinct(StringComparer.Ordinal).Select(n => _graph.Tensors[n]).ToList();

        // Weights travel with every partition that reads them; so do weights the model returns directly.
        var weights = reads.Where(t => t.IsWeight).ToList();
        if (isLast)
        {
            weights.AddRange(_graph.Outputs.Where(t => t.IsWeight && !weights.Contains(t)));
        }

        var inputs = reads.Where(t => !t.IsWeight && !produced.Contains(t.Name)).ToList();
        var outputs = operations
            .SelectMany(n => n.Outputs)
            .Select(n => _graph.Tensors[n])
            .Where(t => t.IsGraphOutput || _graph.LastUse(t) >= end)
            .ToList();
        if (isLast)
        {
            outputs.AddRange(_graph.Outputs.Where(t => t.IsWeight));
        }

        if (outputs.Count == 0)
        {
            // Operations whose results nothing reads still need a graph output for the model to be valid.
            outputs.AddRange(operations[^1].Outputs.Select(n => _graph.Tensors[n]));
        }

        var model = new ModelProto
        {
            IrVersion = _graph.Model.IrVersion,
            ProducerName = "vedliot-partitioner",
            ProducerVersion = typeof(ModelPartitioner).Assembly.GetName().Version?.ToString() ?? "0",
            Domain = _graph.Model.Domain,
            ModelVersion = _graph.Model.ModelVersion,
            DocString = $"Partition {index + 1} of {count} of '{Path.GetFileName(_graph.Source)}': operations {first}..{end - 1}.",
            Graph = BuildGraph(index, operations, weights, inputs, outputs, produced),
        };
        model.OpsetImport.AddRange(_graph.Model.OpsetImport);
        model.Functions.AddRange(_graph.Model.Functions);
        model.MetadataProps.AddRange(_graph.Model.MetadataProps);
        model.MetadataProps.Add(new StringStringEntryProto { Key = "vedliot.partition", Value = $"{index + 1}/{count}" });
        model.MetadataProps.Add(new StringStringEntryProto { Key = "vedliot.operations", Value = $"{first}..{end - 1}" });
        model.MetadataProps.Add(new StringStringEntryProto { Key = "vedliot.source_sha256", Value = _sourceDigest.Value });

        return new ModelPartition(index, first, end - first, inputs, outputs, model);
    }

    private GraphProto BuildGraph(int index, List<GraphNode> operations, List<ModelTensor> weights, List<ModelTensor> inputs, List<ModelTensor> outputs, HashSet<string> produced)
    {
        var source = _graph.Model.Graph;
        var graph = new GraphProto
        {
            Name = $"{(source.Name.Length > 0 ? source.Name : "graph")}_part{index + 1}",
            DocString = source.DocString,
        };

        var weightNames = weights.Select(w => w.Name).ToHashSet(StringComparer.Ordinal);
        var nodes = _graph.Nodes.Where(n => n.IsConstant && n.Outputs.Any(weightNames.Contains)).Concat(operations);
        graph.Node.AddRange(nodes.OrderBy(n => n.Index).Select(n => n.Proto));
        graph.Initializer.AddRange(source.Initializer.Where(i => weightNames.Contains(i.Name)));
        graph.SparseInitializer.AddRange(source.SparseInitializer.Where(i => weightNames.Contains(i.Values.Name)));

        graph.Input.AddRange(inputs.Select(t => TypedValueInfo(t.Name)));

        // Before IR version 4 every initializer is also listed among the graph inputs.
        graph.Input.AddRange(source.Input.Where(i => weightNames.Contains(i.Name)));
        graph.Output.AddRange(outputs.Select(t => TypedValueInfo(t.Name)));

        var boundary = inputs.Concat(outputs).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        graph.ValueInfo.AddRange(produced.Where(n => !boundary.Contains(n) && _valueInfo.ContainsKey(n)).Select(n => _valueInfo[n]));
        return graph;
    }

    private ValueInfoProto TypedValueInfo(string name)
    {
        if (!_types.ContainsKey(name))
        {
            ResolveUndeclaredTypes();
        }

        if (!_types.TryGetValue(name, out var type))
        {
            throw new PartitioningException($"{_graph.Source}: the type of tensor '{name}', which crosses a cut, cannot be determined (the model declares none and type inference found none)");
        }

        return new ValueInfoProto { Name = name, Type = type };
    }

    // One inference pass for every tensor that may cross a cut, shared by all later splits.
    private void ResolveUndeclaredTypes()
    {
        if (_resolved)
        {
            return;
        }

        _resolved = true;
        var wanted = _graph.Tensors.Values
            .Where(t => t.Origin == TensorOrigin.NodeOutput && !_types.ContainsKey(t.Name))
            .Select(t => t.Name)
            .ToList();
        if (wanted.Count == 0)
        {
            return;
        }

        foreach (var (name, type) in _typeResolver.Resolve(_graph.Model, wanted))
        {
            _types[name] = type;
        }
    }
}
