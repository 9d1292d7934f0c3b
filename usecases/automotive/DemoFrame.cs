using Vedliot.UseCases.Automotive.Ocr;

namespace Vedliot.UseCases.Automotive;

/// <summary>A frame of the demo: its name (a file or camera frame) and how to get its pixels (decoding a file may fail with a <see cref="Frames.FrameException"/>).</summary>
/// <param name="Name">What the report calls it.</param>
/// <param name="Load">Decodes or hands over the pixels.</param>
internal sealed record DemoFrame(string Name, Func<RgbImage> Load);
