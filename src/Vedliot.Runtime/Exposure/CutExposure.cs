namespace Vedliot.Runtime.Exposure;

/// <summary>How much of the model's input the tensors crossing one cut reveal.</summary>
/// <param name="Position">The cut: operations before it (0 is the input itself, the identity cut).</param>
/// <param name="Exposure">Mean similarity of held-out inputs to their reconstructions from the crossing tensors, in [0, 1].</param>
/// <param name="Decoder">What the decoder read, for people.</param>
public sealed record CutExposure(int Position, double Exposure, string Decoder);
