using Onnx;

namespace Vedliot.Runtime.Models;

/// <summary>One named value of a <see cref="ModelGraph"/>.</summary>
/// <param name="Name">The tensor's name in the graph.</param>
/// <param name="Origin">Where its value comes from.</param>
/// <param name="Producer">Index of the producing node, or -1 for graph inputs and initializers.</param>
/// <param name="Consumers">Indices of the nodes that read it (directly or from a subgraph), ascending.</param>
/// <param name="IsGraphOutput">True when the model returns it.</param>
/// <param name="DeclaredType">The type the model declares for it (inputs, outputs, value_info), if any.</param>
public sealed record ModelTensor(
    string Name,
    TensorOrigin Origin,
    int Producer,
    IReadOnlyList<int> Consumers,
    bool IsGraphOutput,
    TypeProto? DeclaredType)
{
    /// <summary>True for weights: initializers and Constant outputs, which never cross a cut.</summary>
    public bool IsWeight => Origin is TensorOrigin.Initializer or TensorOrigin.Constant;
}
