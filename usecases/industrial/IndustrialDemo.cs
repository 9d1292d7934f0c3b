using Vedliot.Pipelines.Apps;
using Vedliot.UseCases.Industrial;
using Vedliot.UseCases.Industrial.Model;
using Vedliot.UseCases.Industrial.Recordings;
using Vedliot.UseCases.Industrial.Sensors;

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
            await SensorMonitor.RunAsync(client, bus, arguments.Rpm!.Value, arguments.Seconds, context.Out, context.Time, cancellationToken).ConfigureAwait(false);
            return 0;
        }

        if (arguments.Vibration is null)
        {
            await LiveMotors.RunAsync(client, arguments.Seconds, context.Out, context.Time, cancellationToken).ConfigureAwait(false);
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
}
