using Vedliot.Pipelines.Apps;
using Vedliot.UseCases.Industrial;
using Vedliot.UseCases.Industrial.Model;
using Vedliot.UseCases.Industrial.Recordings;
using Vedliot.UseCases.Industrial.Sensors;
using Vedliot.UseCases.Industrial.Sparkplug;

[assembly: UseCaseApp(typeof(IndustrialDemo))]

namespace Vedliot.UseCases.Industrial;

/// <summary>
/// The industrial use case as <c>vedliot demo industrial</c> runs it: trains the motor-condition model on first use
/// (or reuses the cached one), then, on the deployed <c>motor-condition</c> pipeline, classifies simulated motors live
/// (<see cref="LiveMotors"/>) or the recordings <c>--vibration PATH --rpm N [--json]</c> names
/// (<see cref="RecordingReport"/>).
/// </summary>
public sealed class IndustrialDemo : IUseCaseApp, IUseCaseModelSource
{
    /// <summary>The models folder's subfolder of this use case.</summary>
    public const string ModelsSubfolder = "industrial";

    /// <summary>The Sparkplug group the demo's edge node belongs to.</summary>
    public const string SparkplugGroupId = "vedliot-plant";

    /// <summary>The demo's Sparkplug edge node id.</summary>
    public const string SparkplugEdgeNodeId = "motor-monitor";

    /// <inheritdoc />
    public string Usage => IndustrialArguments.Usage;

    /// <inheritdoc />
    public void CheckArguments(IReadOnlyList<string> arguments) => _ = IndustrialArguments.Parse(arguments);

    /// <inheritdoc />
    public Task PrepareModelsAsync(string modelsDirectory, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        return Task.Run(
            () =>
            {
                try
                {
                    var (_, report) = MotorModelCache.Ensure(Path.Combine(modelsDirectory, ModelsSubfolder), new TrainingSettings(), output);
                    foreach (var line in report.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                    {
                        output.WriteLine("  " + line.TrimEnd());
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new UseCaseAppException($"cannot write the trained model under {modelsDirectory}: {e.Message}", e);
                }
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<int> RunAsync(UseCaseAppContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var arguments = IndustrialArguments.Parse(context.Arguments);
        await using var client = await MotorConditionClient.StartAsync(context.Mqtt, context.Pipeline(MotorConditionClient.PipelineName), context.Time, cancellationToken).ConfigureAwait(false);
        if (arguments.Mpu6500Bus is { } bus)
        {
            await using var sensorNode = await StartEdgeNodeAsync(context, [SensorMonitor.Device], cancellationToken).ConfigureAwait(false);
            await SensorMonitor.RunAsync(client, sensorNode, bus, arguments.Rpm!.Value, arguments.Seconds, context.Out, context.Time, cancellationToken).ConfigureAwait(false);
            return 0;
        }

        if (arguments.Vibration is null)
        {
            await using var motorsNode = await StartEdgeNodeAsync(context, LiveMotors.Devices, cancellationToken).ConfigureAwait(false);
            await LiveMotors.RunAsync(client, motorsNode, arguments.Seconds, context.Out, context.Time, cancellationToken).ConfigureAwait(false);
            return 0;
        }

        try
        {
            await RecordingReport.RunAsync(client, arguments.Vibration, arguments.Rpm!.Value, arguments.Json, context.Out, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new UseCaseAppException(e.Message, e);
        }

        return 0;
    }

    /// <summary>
    /// The Sparkplug B edge node the live motors report through: a session of its own (its NDEATH is that session's
    /// will) as the app's broker user, which the manifest's <c>app_topics</c> grants <c>spBv1.0/#</c>.
    /// </summary>
    private static async Task<SparkplugEdgeNode> StartEdgeNodeAsync(UseCaseAppContext context, IReadOnlyList<string> devices, CancellationToken cancellationToken)
    {
        var node = new SparkplugEdgeNode(new SparkplugEdgeNodeOptions
        {
            Broker = context.Mqtt.Options,
            ClientId = context.Mqtt.Options.ClientId + "-sparkplug",
            GroupId = SparkplugGroupId,
            EdgeNodeId = SparkplugEdgeNodeId,
            Devices = devices,
            TimeProvider = context.Time,
        });
        try
        {
            await node.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await node.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        context.Out.WriteLine($"industrial app: Sparkplug B 3.0 edge node spBv1.0/{SparkplugGroupId}/NBIRTH/{SparkplugEdgeNodeId}, devices {string.Join(", ", devices)}");
        return node;
    }
}
