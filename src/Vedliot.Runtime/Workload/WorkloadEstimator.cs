using Vedliot.Runtime.Models;

namespace Vedliot.Runtime.Workload;

/// <summary>
/// Counts the arithmetic operations and bytes of each operation node from the concrete shapes of its
/// tensors: what a device model needs to estimate a module's latency. Convolutions and matrix
/// products count two operations per multiply-add; element-wise operators one per output element;
/// pooling one per window element; data movement (Reshape, Transpose, Gather, ...) none, only bytes.
/// </summary>
public static class WorkloadEstimator
{
    private static readonly HashSet<string> DataMovement = new(StringComparer.Ordinal)
    {
        "Reshape", "Transpose", "Concat", "Slice", "Gather", "GatherElements", "GatherND", "Squeeze", "Unsqueeze", "Shape", "Size",
        "Cast", "CastLike", "Pad", "Split", "Flatten", "Identity", "Expand", "Tile", "ConstantOfShape", "DepthToSpace", "SpaceToDepth",
        "ScatterElements", "ScatterND", "Range", "NonZero", "Where", "Dropout",
    };

    // Operations per element for normalizations and reductions that make several passes over their input.
    private static readonly Dictionary<string, double> PerInputElement = new(StringComparer.Ordinal)
    {
        ["BatchNormalization"] = 2,
        ["InstanceNormalization"] = 5,
        ["LayerNormalization"] = 5,
        ["Softmax"] = 3,
        ["LogSoftmax"] = 4,
        ["GlobalAveragePool"] = 1,
        ["GlobalMaxPool"] = 1,
        ["ReduceMean"] = 1,
        ["ReduceSum"] = 1,
        ["ReduceMax"] = 1,
        ["ReduceMin"] = 1,
        ["ReduceL2"] = 2,
        ["ReduceProd"] = 1,
        ["ReduceSumSquare"] = 2,
        ["LRN"] = 5,
    };

    /// <summary>The workload of <paramref name="node"/>; tensors without a known shape count as empty.</summary>
    /// <param name="node">The node.</param>
    /// <param name="tensorOf">The concrete tensor behind a name, or null when unknown.</param>
    public static NodeWorkload Estimate(GraphNode node, Func<string, ConcreteTensor?> tensorOf)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(tensorOf);
        var inputs = node.Inputs.Select(tensorOf).ToList();
        var outputs = node.Outputs.Select(tensorOf).ToList();
        var read = inputs.Sum(t => t?.Bytes ?? 0);
        var written = outputs.Sum(t => t?.Bytes ?? 0);
        var outputElements = outputs.FirstOrDefault()?.ElementCount ?? 0;
        var inputElements = inputs.FirstOrDefault()?.ElementCount ?? 0;
        return new NodeWorkload(Operations(node, inputs, outputElements, inputElements), read, written);
    }

    private static double Operations(GraphNode node, List<ConcreteTensor?> inputs, long outputElements, long inputElements)
    {
        if (DataMovement.Contains(node.OpType))
        {
            return 0;
        }

        if (PerInputElement.TryGetValue(node.OpType, out var factor))
        {
            return factor * inputElements;
        }

        return node.OpType switch
        {
            "Conv" or "ConvInteger" or "QLinearConv" => 2.0 * outputElements * Product(Weight(inputs, node.OpType == "QLinearConv" ? 3 : 1), from: 1),
            "ConvTranspose" => 2.0 * inputElements * Product(Weight(inputs, 1), from: 1),
            "MatMul" or "MatMulInteger" or "QLinearMatMul" => 2.0 * outputElements * InnerDimension(inputs.FirstOrDefault()),
            "Gemm" => 2.0 * outputElements * GemmInner(node, inputs.FirstOrDefault()),
            "MaxPool" or "AveragePool" or "LpPool" => (double)outputElements * KernelSize(node),
            "LSTM" or "GRU" or "RNN" => RecurrentOperations(node, inputs),
            _ => outputElements,
        };
    }

    private static ConcreteTensor? Weight(List<ConcreteTensor?> inputs, int index) => index < inputs.Count ? inputs[index] : null;

    private static double Product(ConcreteTensor? tensor, int from) =>
        tensor is null ? 0 : tensor.Shape.Skip(from).Aggregate(1.0, (a, b) => a * b);

    private static double InnerDimension(ConcreteTensor? a) => a is { Shape.Count: > 0 } ? a.Shape[^1] : 0;

    private static double GemmInner(GraphNode node, ConcreteTensor? a)
    {
        if (a is not { Shape.Count: 2 })
        {
            return 0;
        }

        var transposed = node.Proto.Attribute.FirstOrDefault(x => x.Name == "transA")?.I == 1;
        return transposed ? a.Shape[0] : a.Shape[1];
    }

    private static double KernelSize(GraphNode node) =>
        node.Proto.Attribute.FirstOrDefault(a => a.Name == "kernel_shape")?.Ints.Aggregate(1.0, (a, b) => a * b) ?? 1;

    // A recurrent layer multiplies its input and its hidden state by weight matrices every step.
    private static double RecurrentOperations(GraphNode node, List<ConcreteTensor?> inputs)
    {
        var x = inputs.FirstOrDefault();
        var w = Weight(inputs, 1);
        var r = Weight(inputs, 2);
        if (x is not { Shape.Count: 3 } || w is null || r is null)
        {
            return 0;
        }

        var layoutBatchFirst = node.Proto.Attribute.FirstOrDefault(a => a.Name == "layout")?.I == 1;
        var steps = layoutBatchFirst ? x.Shape[1] : x.Shape[0];
        var batch = layoutBatchFirst ? x.Shape[0] : x.Shape[1];
        return 2.0 * steps * batch * (w.ElementCount + r.ElementCount);
    }
}
