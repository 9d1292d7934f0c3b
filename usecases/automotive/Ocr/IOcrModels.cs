namespace Vedliot.UseCases.Automotive.Ocr;

/// <summary>
/// Where PP-OCRv4's three models run for an <see cref="OcrReader"/>: the deployed pipelines
/// (<see cref="DeployedOcrModels"/>) or ONNX Runtime in this process (<see cref="InProcessOcrModels"/>), so both
/// paths share every step around the models.
/// </summary>
public interface IOcrModels
{
    /// <summary>Runs the text detector: [1, 3, H, W] → probability map [1, 1, H, W].</summary>
    /// <param name="input">The pre-processed frame.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    Task<OcrTensor> DetectAsync(OcrTensor input, CancellationToken cancellationToken = default);

    /// <summary>Runs the direction classifier: [1, 3, 48, 192] → [1, 2] probabilities of 0° and 180°.</summary>
    /// <param name="input">The pre-processed crop.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    Task<OcrTensor> ClassifyDirectionAsync(OcrTensor input, CancellationToken cancellationToken = default);

    /// <summary>Runs the recogniser: [1, 3, 48, W] → [1, W / 8, classes] class probabilities.</summary>
    /// <param name="input">The pre-processed crop.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    Task<OcrTensor> RecognizeAsync(OcrTensor input, CancellationToken cancellationToken = default);
}
