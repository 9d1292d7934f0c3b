namespace Vedliot.Runtime.Platform;

/// <summary>A numeric precision a module computes in.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "Int8 and Int4 are the precisions' names in every accelerator datasheet.")]
public enum Precision
{
    /// <summary>32-bit floating point.</summary>
    Fp32,

    /// <summary>16-bit floating point.</summary>
    Fp16,

    /// <summary>bfloat16.</summary>
    Bf16,

    /// <summary>8-bit integer (quantized).</summary>
    Int8,

    /// <summary>4-bit integer (quantized).</summary>
    Int4,
}
