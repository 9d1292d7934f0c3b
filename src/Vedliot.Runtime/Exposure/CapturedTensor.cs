namespace Vedliot.Runtime.Exposure;

/// <summary>One tensor's values from one run of a model, as floats (what a decoder reads).</summary>
/// <param name="Name">The tensor's name in the model.</param>
/// <param name="Shape">Its concrete shape.</param>
/// <param name="Values">Its elements in row-major order.</param>
public sealed record CapturedTensor(string Name, IReadOnlyList<long> Shape, float[] Values);
