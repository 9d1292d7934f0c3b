namespace Vedliot.Messaging.Tensors;

/// <summary>
/// One tensor of a <see cref="TensorBundle"/>: a frame and the ONNX value name it is bound to.
/// Plain data; <see cref="TensorBundleCodec"/> checks the name rules when encoding and decoding.
/// </summary>
public sealed class NamedTensor
{
    /// <summary>
    /// The ONNX tensor (value) name: non-empty, at most <see cref="TensorBundleCodec.MaximumNameLength"/>
    /// bytes once encoded as UTF-8, unique within its bundle (compared ordinally).
    /// </summary>
    public required string Name { get; init; }

    /// <summary>The tensor; its pipeline id, request id and stage index equal those of its bundle.</summary>
    public required TensorFrame Frame { get; init; }
}
