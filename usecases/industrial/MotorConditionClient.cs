using System.Runtime.InteropServices;
using Vedliot.Messaging.Client;
using Vedliot.Messaging.Tensors;
using Vedliot.Pipelines;
using Vedliot.Pipelines.Apps;
using Vedliot.UseCases.Industrial.Model;
using Vedliot.UseCases.Industrial.Simulation;

namespace Vedliot.UseCases.Industrial;

/// <summary>Classifies one-second windows on the deployed <c>motor-condition</c> pipeline, through a <see cref="PipelineClient"/>.</summary>
public sealed class MotorConditionClient : IAsyncDisposable
{
    /// <summary>The manifest's pipeline name.</summary>
    public const string PipelineName = "motor-condition";

    private readonly PipelineClient _client;

    private MotorConditionClient(PipelineClient client) => _client = client;

    /// <summary>Connects to the pipeline and waits until its notice says it runs.</summary>
    /// <param name="mqtt">A connected MQTT 5.0 client; not owned.</param>
    /// <param name="endpoint">The pipeline's topics.</param>
    /// <param name="time">The clock for timeouts.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public static async Task<MotorConditionClient> StartAsync(MqttClient mqtt, PipelineEndpoint endpoint, TimeProvider time, CancellationToken cancellationToken = default)
    {
        var options = new PipelineClientOptions { TimeProvider = time, RequestTimeout = TimeSpan.FromSeconds(30), MaxAttempts = 3 };
        return new MotorConditionClient(await PipelineClient.StartAsync(mqtt, endpoint, options, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The condition of one window.</summary>
    /// <param name="window"><see cref="MotorModelDesign.WindowSamples"/> samples of radial acceleration at <see cref="MotorModelDesign.SampleRateHz"/>, g.</param>
    /// <param name="rpm">The shaft speed over the window.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The scores and the round trip's latency.</returns>
    /// <exception cref="UseCaseAppException">The pipeline refused the request or answered with an error or an unusable result.</exception>
    public async Task<WindowClassification> ClassifyAsync(float[] window, float rpm, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(window);
        NamedTensor Tensor(string name, float[] values, long[] shape) => new()
        {
            Name = name,
            Frame = new TensorFrame { ElementType = TensorElementType.Float32, Shape = shape, Data = MemoryMarshal.AsBytes(values.AsSpan()).ToArray() },
        };

        PipelineAnswer answer;
        try
        {
            var request = await _client.SubmitAsync([Tensor(MotorModelGraph.VibrationInput, window, [1, window.Length]), Tensor(MotorModelGraph.RpmInput, [rpm], [1, 1])], cancellationToken).ConfigureAwait(false);
            answer = await request.Answer.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is PipelineRequestException or ArgumentException)
        {
            throw new UseCaseAppException($"pipeline '{PipelineName}': {e.Message}", e);
        }

        var frame = answer.Tensors.Count == 1 ? answer.Tensors[0].Frame : answer.Tensor(MotorModelGraph.ScoresOutput);
        var scores = frame.ElementType == TensorElementType.Float32 ? TensorFrameCodec.GetElements<float>(frame).ToArray() : [];
        if (scores.Length != MotorConditions.All.Count)
        {
            throw new UseCaseAppException($"pipeline '{PipelineName}' answered request {answer.Sequence} with {scores.Length} {frame.ElementType} values; expected {MotorConditions.All.Count} float32 scores");
        }

        var asDouble = scores.Select(s => (double)s).ToArray();
        return new WindowClassification(MotorModelTrainer.Predicted(asDouble), asDouble, answer.Latency);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _client.DisposeAsync();
}
