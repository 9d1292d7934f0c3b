using Microsoft.ML.OnnxRuntime;

namespace Vedliot.UseCases.Automotive.Ocr;

/// <summary>
/// The three PP-OCRv4 models run by ONNX Runtime (CPU) in this process: the baseline the deployed pipelines are
/// compared with, and what the quality tests read with. Runs are serialised per model (a session is used by one
/// caller at a time here, so figures are per run, not per parallel batch).
/// </summary>
public sealed class InProcessOcrModels : IOcrModels, IDisposable
{
    private readonly InferenceSession _detection;
    private readonly InferenceSession _direction;
    private readonly InferenceSession _recognition;
    private readonly Lock _gate = new();

    /// <summary>Opens the three models.</summary>
    /// <param name="detection">ch_PP-OCRv4_det_infer.onnx.</param>
    /// <param name="direction">ch_ppocr_mobile_v2.0_cls_infer.onnx.</param>
    /// <param name="recognition">ch_PP-OCRv4_rec_infer.onnx.</param>
    /// <exception cref="OcrModelException">A model cannot be opened (the message names it).</exception>
    public InProcessOcrModels(string detection, string direction, string recognition)
    {
        var opened = new List<InferenceSession>();
        try
        {
            foreach (var path in new[] { detection, direction, recognition })
            {
                opened.Add(Open(path));
            }
        }
        catch
        {
            opened.ForEach(s => s.Dispose());
            throw;
        }

        (_detection, _direction, _recognition) = (opened[0], opened[1], opened[2]);
    }

    /// <inheritdoc />
    public Task<OcrTensor> DetectAsync(OcrTensor input, CancellationToken cancellationToken = default) => Run(_detection, input, cancellationToken);

    /// <inheritdoc />
    public Task<OcrTensor> ClassifyDirectionAsync(OcrTensor input, CancellationToken cancellationToken = default) => Run(_direction, input, cancellationToken);

    /// <inheritdoc />
    public Task<OcrTensor> RecognizeAsync(OcrTensor input, CancellationToken cancellationToken = default) => Run(_recognition, input, cancellationToken);

    /// <summary>Closes the sessions.</summary>
    public void Dispose()
    {
        _detection.Dispose();
        _direction.Dispose();
        _recognition.Dispose();
    }

    private static InferenceSession Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new OcrModelException($"{path}: no such model (run ./eng/bootstrap.sh)");
        }

        try
        {
            return new InferenceSession(path);
        }
        catch (OnnxRuntimeException e)
        {
            throw new OcrModelException($"{path}: ONNX Runtime cannot open it: {e.Message}", e);
        }
    }

    private Task<OcrTensor> Run(InferenceSession session, OcrTensor input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            using var value = OrtValue.CreateTensorValueFromMemory(input.Values, input.Shape);
            using var results = session.Run(new RunOptions(), [session.InputNames[0]], [value], [session.OutputNames[0]]);
            var output = results[0];
            return Task.FromResult(new OcrTensor(output.GetTensorDataAsSpan<float>().ToArray(), output.GetTensorTypeAndShape().Shape));
        }
    }
}
