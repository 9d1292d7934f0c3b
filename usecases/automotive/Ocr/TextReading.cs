namespace Vedliot.UseCases.Automotive.Ocr;

/// <summary>One text line read in a frame.</summary>
/// <param name="Text">What it says.</param>
/// <param name="Confidence">The recogniser's confidence, 0–1 (mean probability of its characters).</param>
/// <param name="Box">Where it is in the frame.</param>
/// <param name="UpsideDown">The direction classifier found it upside down, so it was turned before reading.</param>
public sealed record TextReading(string Text, double Confidence, TextBox Box, bool UpsideDown);
