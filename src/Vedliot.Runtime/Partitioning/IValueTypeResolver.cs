using Onnx;

namespace Vedliot.Runtime.Partitioning;

/// <summary>
/// Infers the types of a model's intermediate tensors. A partition's inputs and outputs need types,
/// and most models declare them only for the graph's own inputs and outputs.
/// </summary>
public interface IValueTypeResolver
{
    /// <summary>
    /// Returns the inferred type of each of <paramref name="tensorNames"/> (tensors of
    /// <paramref name="model"/>'s main graph) that inference can determine.
    /// </summary>
    IReadOnlyDictionary<string, TypeProto> Resolve(ModelProto model, IReadOnlyCollection<string> tensorNames);
}
