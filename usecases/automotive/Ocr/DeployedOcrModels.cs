using System.Runtime.InteropServices;
using Vedliot.Messaging.Client;
using Vedliot.Messaging.Tensors;
using Vedliot.Pipelines;

namespace Vedliot.UseCases.Automotive.Ocr;

/// <summary>
/// The three PP-OCRv4 models as deployed pipelines, each reached through its own <see cref="PipelineClient"/>
/// (answers matched by correlation data, resent after a timeout or a re-placement). Requests of different crops run
/// side by side; each awaits its own answer.
/// </summary>
public sealed class DeployedOcrModels : IOcrModels, IAsyncDisposable
{
    private readonly PipelineClient _detection;
    private readonly PipelineClient _direction;
    private readonly PipelineClient _recognition;

    private DeployedOcrModels(PipelineClient detection, PipelineClient direction, PipelineClient recognition) =>
        (_detection, _direction, _recognition) = (detection, direction, recognition);

    /// <summary>Starts a client per pipeline and waits until each pipeline's notice says it runs.</summary>
    /// <param name="mqtt">A connected MQTT 5.0 client; not owned.</param>
    /// <param name="detection">The text-detection pipeline.</param>
    /// <param name="direction">The text-direction pipeline.</param>
    /// <param name="recognition">The text-recognition pipeline.</param>
    /// <param name="options">The clients' timeouts and clock.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="OcrModelException">The broker refused a subscription or a pipeline was stopped.</exception>
    /// <exception cref="TimeoutException">A pipeline did not start in time (the message names it).</exception>
    public static async Task<DeployedOcrModels> StartAsync(
        MqttClient mqtt,
        PipelineEndpoint detection,
        PipelineEndpoint direction,
        PipelineEndpoint recognition,
        PipelineClientOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mqtt);
        var starts = new[] { detection, direction, recognition }
            .Select(endpoint => PipelineClient.StartAsync(mqtt, endpoint, options, cancellationToken))
            .ToArray();
        try
        {
            var clients = await Task.WhenAll(starts).ConfigureAwait(false);
            return new DeployedOcrModels(clients[0], clients[1], clients[2]);
        }
        catch (Exception e)
        {
            foreach (var started in starts.Where(s => s.IsCompletedSuccessfully))
            {
                await (await started.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
            }

            throw e is PipelineRequestException ? new OcrModelException(e.Message, e) : e;
        }
    }

    /// <inheritdoc />
    public Task<OcrTensor> DetectAsync(OcrTensor input, CancellationToken cancellationToken = default) => RunAsync(_detection, input, cancellationToken);

    /// <inheritdoc />
    public Task<OcrTensor> ClassifyDirectionAsync(OcrTensor input, CancellationToken cancellationToken = default) => RunAsync(_direction, input, cancellationToken);

    /// <inheritdoc />
    public Task<OcrTensor> RecognizeAsync(OcrTensor input, CancellationToken cancellationToken = default) => RunAsync(_recognition, input, cancellationToken);

    /// <summary>Stops the three clients.</summary>
    /// <returns>A task that completes when done.</returns>
    public async ValueTask DisposeAsync()
    {
        await _recognition.DisposeAsync().ConfigureAwait(false);
        await _direction.DisposeAsync().ConfigureAwait(false);
        await _detection.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task<OcrTensor> RunAsync(PipelineClient client, OcrTensor input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var name = client.Endpoint.Pipeline;
        var frame = new TensorFrame { ElementType = TensorElementType.Float32, Shape = input.Shape, Data = MemoryMarshal.AsBytes(input.Values.AsSpan()).ToArray() };
        PipelineAnswer answer;
        try
        {
            var request = await client.SubmitAsync(frame, cancellationToken).ConfigureAwait(false);
            answer = await request.Answer.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is PipelineRequestException or ArgumentException)
        {
            throw new OcrModelException($"pipeline '{name}': {e.Message}", e);
        }

        if (answer.Tensors.Count != 1 || answer.Tensors[0].Frame.ElementType != TensorElementType.Float32)
        {
            throw new OcrModelException($"pipeline '{name}' answered {answer.Tensors.Count} tensors ({string.Join(", ", answer.Tensors.Select(t => t.Frame.ElementType))}); expected one Float32 tensor");
        }

        var result = answer.Tensors[0].Frame;
        try
        {
            return new OcrTensor(TensorFrameCodec.GetElements<float>(result).ToArray(), [.. result.Shape]);
        }
        catch (ArgumentException e)
        {
            throw new OcrModelException($"pipeline '{name}' answered an unusable tensor: {e.Message}", e);
        }
    }
}
