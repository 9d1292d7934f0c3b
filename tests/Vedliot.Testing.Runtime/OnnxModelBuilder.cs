using Google.Protobuf;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace Vedliot.Testing.Runtime;

/// <summary>Builds small ONNX models in code, for tests that need a graph of a known shape.</summary>
public sealed class OnnxModelBuilder
{
    private readonly GraphProto _graph = new() { Name = "test" };
    private readonly long _opset;
    private readonly long _irVersion;

    /// <summary>Starts an empty model at the given opset and IR version.</summary>
    public OnnxModelBuilder(long opset = 13, long irVersion = 7)
    {
        _opset = opset;
        _irVersion = irVersion;
    }

    /// <summary>Declares a float tensor graph input.</summary>
    public OnnxModelBuilder Input(string name, params long[] shape)
    {
        _graph.Input.Add(ValueInfo(name, DataType.Float, shape));
        return this;
    }

    /// <summary>Declares a graph input of any element type.</summary>
    public OnnxModelBuilder Input(string name, DataType type, params long[] shape)
    {
        _graph.Input.Add(ValueInfo(name, type, shape));
        return this;
    }

    /// <summary>Declares a float tensor graph output.</summary>
    public OnnxModelBuilder Output(string name, params long[] shape)
    {
        _graph.Output.Add(ValueInfo(name, DataType.Float, shape));
        return this;
    }

    /// <summary>Declares a graph output by name only (no type).</summary>
    public OnnxModelBuilder UntypedOutput(string name)
    {
        _graph.Output.Add(new ValueInfoProto { Name = name });
        return this;
    }

    /// <summary>Adds a float initializer; <paramref name="alsoAsInput"/> lists it among the graph inputs as IR versions below 4 require.</summary>
    public OnnxModelBuilder Initializer(string name, float[] values, long[] shape, bool alsoAsInput = false)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)DataType.Float };
        tensor.Dims.AddRange(shape);
        tensor.FloatData.AddRange(values);
        _graph.Initializer.Add(tensor);
        if (alsoAsInput)
        {
            _graph.Input.Add(ValueInfo(name, DataType.Float, shape));
        }

        return this;
    }

    /// <summary>Adds a Constant node holding a float tensor.</summary>
    public OnnxModelBuilder Constant(string output, float[] values, long[] shape)
    {
        var tensor = new TensorProto { DataType = (int)DataType.Float };
        tensor.Dims.AddRange(shape);
        tensor.FloatData.AddRange(values);
        var node = new NodeProto { OpType = "Constant", Name = $"const_{output}" };
        node.Output.Add(output);
        node.Attribute.Add(new AttributeProto { Name = "value", Type = AttributeProto.Types.AttributeType.Tensor, T = tensor });
        _graph.Node.Add(node);
        return this;
    }

    /// <summary>Adds a node; its name defaults to its first output's.</summary>
    public OnnxModelBuilder Node(string opType, string[] inputs, string[] outputs, string? name = null, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = name ?? $"{opType}_{outputs[0]}" };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return this;
    }

    /// <summary>Adds a declared value_info entry for an intermediate float tensor.</summary>
    public OnnxModelBuilder ValueInfo(string name, params long[] shape)
    {
        _graph.ValueInfo.Add(ValueInfo(name, DataType.Float, shape));
        return this;
    }

    /// <summary>The model.</summary>
    public ModelProto Build()
    {
        var model = new ModelProto { IrVersion = _irVersion, ProducerName = "vedliot-tests", Graph = _graph.Clone() };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = _opset });
        return model;
    }

    /// <summary>The model's serialized bytes.</summary>
    public byte[] ToBytes() => Build().ToByteArray();

    /// <summary>A float tensor type with the given shape (-1 for an unknown dimension).</summary>
    public static ValueInfoProto ValueInfo(string name, DataType type, long[] shape)
    {
        var tensor = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = new TensorShapeProto() };
        foreach (var dim in shape)
        {
            tensor.Shape.Dim.Add(dim >= 0 ? new TensorShapeProto.Types.Dimension { DimValue = dim } : new TensorShapeProto.Types.Dimension { DimParam = "N" });
        }

        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensor } };
    }

    /// <summary>A graph-valued attribute, for If, Loop and Scan nodes.</summary>
    public static AttributeProto GraphAttribute(string name, GraphProto graph) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Graph, G = graph };
}
