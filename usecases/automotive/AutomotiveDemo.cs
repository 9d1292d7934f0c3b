using System.Collections.Concurrent;
using System.Globalization;
using Vedliot.Messaging.Packets;
using Vedliot.Pipelines;
using Vedliot.Pipelines.Apps;
using Vedliot.UseCases.Automotive;
using Vedliot.UseCases.Automotive.Frames;
using Vedliot.UseCases.Automotive.Frames.V4l2;
using Vedliot.UseCases.Automotive.Ocr;
using Vedliot.UseCases.Automotive.Vss;

[assembly: UseCaseApp(typeof(AutomotiveDemo))]

namespace Vedliot.UseCases.Automotive;

/// <summary>
/// The automotive use case as <c>vedliot demo automotive</c> runs it: publishes the vehicle's speed on
/// <c>Vehicle.Speed</c>, reads each frame (rendered signs, <c>--frames PATH</c> or <c>--camera DEVICE</c>) through the deployed detection,
/// direction and recognition pipelines with <see cref="AutomotiveApp"/>, prints the texts and the over-speed warning,
/// then reads the same frames with the same models in process (ONNX Runtime) and prints both rates.
/// </summary>
public sealed class AutomotiveDemo : IUseCaseApp
{
    /// <summary>The manifest's pipelines the app needs.</summary>
    public static IReadOnlyList<string> PipelineNames { get; } = ["text-detection", "text-direction", "text-recognition"];

    private const int CameraFrames = 5;
    private const int CameraWidth = 1280;
    private const int CameraHeight = 720;
    private static readonly TimeSpan SpeedTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan CameraTimeout = TimeSpan.FromSeconds(5);

    /// <inheritdoc />
    public string Usage => $"reads road signs and plates through the OCR pipelines, publishes them as VSS signals and warns over the speed limit; {AutomotiveDemoArguments.Usage}";

    /// <inheritdoc />
    public void CheckArguments(IReadOnlyList<string> arguments) => _ = AutomotiveDemoArguments.Parse(arguments);

    /// <inheritdoc />
    public async Task<int> RunAsync(UseCaseAppContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var arguments = AutomotiveDemoArguments.Parse(context.Arguments);
        var report = new DemoReport(context.Out, arguments.Json);
        var files = OcrModelFiles.In(DependenciesDirectory(context.UseCaseDirectory));
        var limits = new FrameLimits();
        var decoder = new ImageFileDecoder(limits);
        var scratch = Directory.CreateTempSubdirectory("vedliot-automotive-");
        try
        {
            var keys = CharacterKeys.Load(files.Keys);
            List<DemoFrame> frames;
            if (arguments.Frames is { } path)
            {
                frames = [.. FrameFiles.List(path, limits).Select(file => new DemoFrame(file, () => decoder.DecodeFile(file)))];
            }
            else if (arguments.Camera is { } device)
            {
                frames = CaptureFrames(device, limits);
                report.Say($"automotive app: captured {frames.Count} frames from {device}");
            }
            else
            {
                var rendered = await DemoFrames.RenderAsync(scratch.FullName, cancellationToken).ConfigureAwait(false);
                frames = [.. rendered.Select(file => new DemoFrame(file, () => decoder.DecodeFile(file)))];
                report.Say($"automotive app: rendered {frames.Count} frames with ImageMagick ({string.Join(", ", DemoFrames.Signs.Select(s => $"{s.Kind} \"{s.Text}\""))})");
            }

            var deployed = await ReadDeployedAsync(context, keys, frames, arguments, report, cancellationToken).ConfigureAwait(false);
            var inProcess = await ReadInProcessAsync(files, keys, frames, context.Time, cancellationToken).ConfigureAwait(false);
            var same = deployed.Texts.SequenceEqual(inProcess.Texts, StringComparer.Ordinal);
            if (frames.Count == report.Failures)
            {
                report.Say("automotive app: no frame could be read, so no rate to report");
            }
            else
            {
                report.Say(string.Create(CultureInfo.InvariantCulture, $"automotive app: {frames.Count - report.Failures} frames read end to end (decode, detection, direction, recognition, VSS publishing): deployed pipelines {deployed.FramesPerSecond:0.00} frames/s; same models in process (ONNX Runtime, CPU, no MQTT) {inProcess.FramesPerSecond:0.00} frames/s; ratio {deployed.FramesPerSecond / inProcess.FramesPerSecond:0.00}"));
                report.Say($"automotive app: the in-process run read {(same ? "the same texts" : "different texts: " + string.Join(" | ", inProcess.Texts))}");
            }

            report.Finish(deployed.FramesPerSecond, inProcess.FramesPerSecond);
            return report.Failures == 0 ? 0 : 1;
        }
        catch (Exception e) when (e is OcrModelException or FrameException or InvalidDataException or IOException or InvalidOperationException or TimeoutException)
        {
            throw new UseCaseAppException(e.Message, e);
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    private static async Task<(double FramesPerSecond, List<string> Texts)> ReadDeployedAsync(
        UseCaseAppContext context, CharacterKeys keys, List<DemoFrame> frames, AutomotiveDemoArguments arguments, DemoReport report, CancellationToken cancellationToken)
    {
        var options = new PipelineClientOptions { RequestTimeout = TimeSpan.FromSeconds(30), MaxAttempts = 3, StartTimeout = TimeSpan.FromSeconds(120), TimeProvider = context.Time };
        await using var models = await DeployedOcrModels.StartAsync(
            context.Mqtt, context.Pipeline(PipelineNames[0]), context.Pipeline(PipelineNames[1]), context.Pipeline(PipelineNames[2]), options, cancellationToken).ConfigureAwait(false);
        var topics = new VssTopics(VssTopics.DefaultRoot);
        var reader = new OcrReader(models, keys, new OcrReaderOptions());
        await using var app = await AutomotiveApp.StartAsync(context.Mqtt, reader, topics, context.Time, cancellationToken).ConfigureAwait(false);
        // Warnings are raised while a frame is read; they are printed after its line, in the order they came.
        var warnings = new ConcurrentQueue<OverSpeedWarning>();
        app.OverSpeedChanged += warnings.Enqueue;
        void ReportWarnings()
        {
            while (warnings.TryDequeue(out var warning))
            {
                report.Warning(warning);
            }
        }

        app.InputRejected += problem => report.Say($"  refused: {problem}");
        await PublishSpeedAsync(context, app, topics, arguments.SpeedKmh, report, cancellationToken).ConfigureAwait(false);
        ReportWarnings();

        await WarmUpAsync(reader, frames[0], cancellationToken).ConfigureAwait(false);
        var texts = new List<string>();
        var read = 0;
        var started = context.Time.GetTimestamp();
        foreach (var frame in frames)
        {
            try
            {
                var result = await app.ReadFrameAsync(frame.Name, frame.Load(), cancellationToken).ConfigureAwait(false);
                report.Frame(frame.Name, result);
                ReportWarnings();
                texts.AddRange(result.Readings.Select(r => r.Text));
                read++;
            }
            catch (FrameException e)
            {
                report.Failed(frame.Name, e.Message);
            }
        }

        var elapsed = context.Time.GetElapsedTime(started);
        ReportWarnings();
        return (read / elapsed.TotalSeconds, texts);
    }

    /// <summary>The demo plays the vehicle's speed sensor: one <c>Vehicle.Speed</c> datapoint, awaited back through the broker.</summary>
    private static async Task PublishSpeedAsync(UseCaseAppContext context, AutomotiveApp app, VssTopics topics, double speedKmh, DemoReport report, CancellationToken cancellationToken)
    {
        var datapoint = VssDatapoint.Of(VssSignals.Speed, speedKmh, context.Time.GetUtcNow());
        await context.Mqtt.PublishAsync(
            new MqttApplicationMessage { Topic = topics.Topic(VssSignals.Speed), Payload = datapoint.ToJson(), ContentType = "application/json", QualityOfService = MqttQualityOfService.AtLeastOnce },
            cancellationToken).ConfigureAwait(false);
        var started = context.Time.GetTimestamp();
        while (app.Monitor.SpeedKmh is null)
        {
            if (context.Time.GetElapsedTime(started) > SpeedTimeout)
            {
                throw new TimeoutException($"{topics.Topic(VssSignals.Speed)}: the published speed did not come back from the broker within {SpeedTimeout.TotalSeconds} s (may the app's broker user read and write it?)");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), context.Time, cancellationToken).ConfigureAwait(false);
        }

        report.Say(string.Create(CultureInfo.InvariantCulture, $"automotive app: vehicle speed {speedKmh:0.#} km/h on {topics.Topic(VssSignals.Speed)} (published by the demo, standing in for the vehicle's speed sensor)"));
    }

    private static async Task<(double FramesPerSecond, List<string> Texts)> ReadInProcessAsync(
        OcrModelFiles files, CharacterKeys keys, List<DemoFrame> frames, TimeProvider time, CancellationToken cancellationToken)
    {
        using var models = files.OpenInProcess();
        var reader = new OcrReader(models, keys, new OcrReaderOptions());
        await WarmUpAsync(reader, frames[0], cancellationToken).ConfigureAwait(false);
        var texts = new List<string>();
        var read = 0;
        var started = time.GetTimestamp();
        foreach (var frame in frames)
        {
            try
            {
                texts.AddRange((await reader.ReadAsync(frame.Load(), cancellationToken).ConfigureAwait(false)).Select(r => r.Text));
                read++;
            }
            catch (FrameException)
            {
                // Already reported by the deployed run.
            }
        }

        return (read / time.GetElapsedTime(started).TotalSeconds, texts);
    }

    /// <summary>One untimed read of the first frame, so that neither rate counts the models' first, slowest runs (session set-up, allocations).</summary>
    private static async Task WarmUpAsync(OcrReader reader, DemoFrame frame, CancellationToken cancellationToken)
    {
        try
        {
            await reader.ReadAsync(frame.Load(), cancellationToken).ConfigureAwait(false);
        }
        catch (FrameException)
        {
            // The timed run reports it.
        }
    }

    /// <summary>A few frames from a V4L2 camera, taken up front so that both runs read the same ones.</summary>
    private static List<DemoFrame> CaptureFrames(string device, FrameLimits limits)
    {
        using var camera = V4l2Camera.Open(device, CameraWidth, CameraHeight, limits);
        var frames = new List<DemoFrame>();
        for (var i = 0; i < CameraFrames; i++)
        {
            var image = camera.Capture(CameraTimeout);
            frames.Add(new DemoFrame($"{device} frame {i + 1} ({camera.PixelFormat})", () => image));
        }

        return frames;
    }

    /// <summary>The bootstrap's .deps folder: VEDLIOT_DEPS_DIR, else the nearest folder above the use case holding one.</summary>
    private static string DependenciesDirectory(string useCaseDirectory)
    {
        if (Environment.GetEnvironmentVariable("VEDLIOT_DEPS_DIR") is { Length: > 0 } deps)
        {
            return deps;
        }

        for (var dir = new DirectoryInfo(useCaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, ".deps")))
            {
                return Path.Combine(dir.FullName, ".deps");
            }
        }

        throw new UseCaseAppException($"no .deps folder above {useCaseDirectory}; run ./eng/bootstrap.sh");
    }
}
