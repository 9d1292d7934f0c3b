namespace Vedliot.UseCases.Automotive.Ocr;

/// <summary>A float32 tensor going into or coming out of one of the OCR models: values in row-major order and the shape.</summary>
/// <param name="Values">The values.</param>
/// <param name="Shape">The dimensions, e.g. [1, 3, H, W].</param>
public sealed record OcrTensor(float[] Values, long[] Shape);
