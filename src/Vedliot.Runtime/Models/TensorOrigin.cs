namespace Vedliot.Runtime.Models;

/// <summary>Where a tensor of a model graph gets its value.</summary>
public enum TensorOrigin
{
    /// <summary>Fed by the caller at run time.</summary>
    GraphInput,

    /// <summary>A weight stored in the graph's initializers.</summary>
    Initializer,

    /// <summary>A weight produced by a Constant node (no inputs): carried by every partition that reads it.</summary>
    Constant,

    /// <summary>An activation computed by an operation node.</summary>
    NodeOutput,
}
