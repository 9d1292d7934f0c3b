using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using Vedliot.Runtime.Partitioning;

namespace Vedliot.Accelerators.OnnxRuntime;

/// <summary>
/// Infers the types of intermediate tensors with ONNX Runtime's own type and shape inference: the
/// tensors are declared as extra (untyped) graph outputs of a copy of the model, and the session's
/// output metadata gives their types. Nothing is run.
/// </summary>
public sealed class OnnxTypeResolver : IValueTypeResolver
{
    /// <inheritdoc />
    public IReadOnlyDictionary<string, TypeProto> Resolve(ModelProto model, IReadOnlyCollection<string> tensorNames)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tensorNames);
        var probe = model.Clone();
        var declared = probe.Graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        probe.Graph.Output.AddRange(tensorNames.Where(declared.Add).Select(n => new ValueInfoProto { Name = n }));

        var options = new OnnxRuntimeOptions { GraphOptimization = GraphOptimizationLevel.ORT_DISABLE_ALL, IntraOpThreads = 1 };
        using var session = OnnxSessionFactory.Create(probe.ToByteArray(), options, $"type inference for '{model.Graph.Name}'");
        var types = new Dictionary<string, TypeProto>(StringComparer.Ordinal);
        foreach (var name in tensorNames)
        {
            if (session.OutputMetadata.TryGetValue(name, out var metadata) && ToTypeProto(metadata) is { } type)
            {
                types[name] = type;
            }
        }

        return types;
    }

    private static TypeProto? ToTypeProto(NodeMetadata metadata)
    {
        switch (metadata.OnnxValueType)
        {
            case OnnxValueType.ONNX_TYPE_TENSOR:
                var tensor = new TypeProto.Types.Tensor { ElemType = (int)metadata.ElementDataType };

                // An empty dimension list is how ONNX Runtime reports both scalars and unknown shapes;
                // leaving the shape out is right for either.
                if (metadata.Dimensions.Length > 0)
                {
                    tensor.Shape = new TensorShapeProto();
                    for (var i = 0; i < metadata.Dimensions.Length; i++)
                    {
                        var symbol = i < metadata.SymbolicDimensions.Length ? metadata.SymbolicDimensions[i] : string.Empty;
                        var dim = new TensorShapeProto.Types.Dimension();
                        if (metadata.Dimensions[i] >= 0)
                        {
                            dim.DimValue = metadata.Dimensions[i];
                        }
                        else if (!string.IsNullOrEmpty(symbol))
                        {
                            dim.DimParam = symbol;
                        }

                        tensor.Shape.Dim.Add(dim);
                    }
                }

                return new TypeProto { TensorType = tensor };
            case OnnxValueType.ONNX_TYPE_SEQUENCE:
                return ToTypeProto(metadata.AsSequenceMetadata().ElementMeta) is { } element
                    ? new TypeProto { SequenceType = new TypeProto.Types.Sequence { ElemType = element } }
                    : null;
            case OnnxValueType.ONNX_TYPE_OPTIONAL:
                return ToTypeProto(metadata.AsOptionalMetadata().ElementMeta) is { } inner
                    ? new TypeProto { OptionalType = new TypeProto.Types.Optional { ElemType = inner } }
                    : null;
            case OnnxValueType.ONNX_TYPE_MAP:
                var map = metadata.AsMapMetadata();
                return ToTypeProto(map.ValueMetadata) is { } value
                    ? new TypeProto { MapType = new TypeProto.Types.Map { KeyType = (int)map.KeyDataType, ValueType = value } }
                    : null;
            default:
                return null;
        }
    }
}
