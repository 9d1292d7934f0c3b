namespace Vedliot.UseCases.Industrial.Sparkplug;

/// <summary>The Sparkplug B data type codes the edge node uses (Sparkplug 3.0, §6.4.16).</summary>
internal enum SparkplugDataType : uint
{
    /// <summary>A 64-bit signed integer (sent in <c>long_value</c>); bdSeq is one.</summary>
    Int64 = 4,

    /// <summary>A 32-bit float.</summary>
    Float = 9,

    /// <summary>A 64-bit float.</summary>
    Double = 10,

    /// <summary>A boolean.</summary>
    Boolean = 11,

    /// <summary>A UTF-8 string.</summary>
    String = 12,
}
