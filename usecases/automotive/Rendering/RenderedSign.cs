namespace Vedliot.UseCases.Automotive.Rendering;

/// <summary>A rendered frame and where its text truly is.</summary>
/// <param name="Spec">What was drawn.</param>
/// <param name="Variant">How it was degraded.</param>
/// <param name="FramePath">The frame (PNG, or JPEG for <see cref="SignVariant.JpegCompressed"/>).</param>
/// <param name="TextBounds">The text's ink, as left, top, right, bottom pixel bounds in the frame.</param>
public sealed record RenderedSign(SignSpec Spec, SignVariant Variant, string FramePath, (int Left, int Top, int Right, int Bottom) TextBounds);
