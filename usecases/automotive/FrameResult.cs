using Vedliot.UseCases.Automotive.Ocr;

namespace Vedliot.UseCases.Automotive;

/// <summary>What the app read in one frame.</summary>
/// <param name="Source">The frame's file name or topic.</param>
/// <param name="Width">Frame width.</param>
/// <param name="Height">Frame height.</param>
/// <param name="Readings">The text lines, in reading order.</param>
/// <param name="SpeedLimitKmh">The speed limit among them, if any (the first one read).</param>
public sealed record FrameResult(string Source, int Width, int Height, IReadOnlyList<TextReading> Readings, int? SpeedLimitKmh);
