namespace Vedliot.Hosting.Profiling;

/// <summary>One model input and where its value came from.</summary>
/// <param name="Name">The input's name.</param>
/// <param name="Type">Its element type and shape, e.g. <c>float[1,16000]</c>.</param>
/// <param name="Source">The file it was read from, or how it was generated.</param>
public sealed record InputReport(string Name, string Type, string Source);
