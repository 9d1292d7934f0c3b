namespace Vedliot.UseCases.Automotive.Rendering;

/// <summary>A sign to render: its kind and the text it carries.</summary>
/// <param name="Kind">Speed limit, plate or street name.</param>
/// <param name="Text">The text (for a speed limit, the number).</param>
public sealed record SignSpec(SignKind Kind, string Text);
