namespace Vedliot.Runtime.Models;

/// <summary>
/// A place where a model can be cut: after the first <see cref="Position"/> operation nodes of the
/// graph's topological order. The tensors made before the cut (or fed as graph inputs) and read after
/// it are what crosses it.
/// </summary>
/// <param name="Position">Number of operation nodes before the cut (1 to operation count - 1).</param>
/// <param name="Crossing">The tensors that cross the cut, in order of first use after it.</param>
/// <param name="CrossingBytes">Their total size when every shape is static; null when a dimension is symbolic.</param>
public sealed record CutPoint(int Position, IReadOnlyList<ModelTensor> Crossing, long? CrossingBytes);
