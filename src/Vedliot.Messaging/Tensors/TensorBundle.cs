namespace Vedliot.Messaging.Tensors;

/// <summary>
/// Several named tensors that cross one pipeline cut together (for example a skip connection next to
/// the main activation) and so travel as one MQTT PUBLISH. Plain data; see <see cref="TensorBundleCodec"/>
/// for the wire format and the rules it enforces.
/// </summary>
public sealed class TensorBundle
{
    /// <summary>Pipeline (deployment) identifier; every frame in <see cref="Tensors"/> carries the same value.</summary>
    public ulong PipelineId { get; init; }

    /// <summary>Request (inference) identifier; every frame in <see cref="Tensors"/> carries the same value.</summary>
    public ulong RequestId { get; init; }

    /// <summary>Index of the stage that produced the tensors; every frame in <see cref="Tensors"/> carries the same value.</summary>
    public uint StageIndex { get; init; }

    /// <summary>
    /// The tensors, in wire order (at most <see cref="TensorBundleCodec.MaximumTensorCount"/>, names unique).
    /// For decoded bundles each frame's data is a slice of the received buffer (no copy).
    /// </summary>
    public required IReadOnlyList<NamedTensor> Tensors { get; init; }
}
