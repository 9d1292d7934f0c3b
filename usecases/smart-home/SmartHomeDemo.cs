using System.Globalization;
using System.Text.Json;
using Vedliot.Pipelines.Apps;
using Vedliot.UseCases.SmartHome;
using Vedliot.UseCases.SmartHome.HomeAssistant;

[assembly: UseCaseApp(typeof(SmartHomeDemo))]

namespace Vedliot.UseCases.SmartHome;

/// <summary>
/// The smart-home use case as <c>vedliot demo smart-home</c> runs it: listens to a phrase espeak-ng speaks (streamed in
/// real time, 80 ms chunks) or to WAV files (as fast as the pipelines answer) through the three deployed pipelines with
/// <see cref="SmartHomeApp"/>, and reports per piece of audio its highest score, when it came and the detections
/// (<see cref="WakeWordDetector"/>), as lines or as one JSON document. Run by the demo (which gives it an availability
/// topic), it also shows itself and the nodes to Home Assistant (<see cref="HomeAssistantDiscovery"/>) while it runs, and
/// removes the discovery configs when it ends.
/// </summary>
/// <remarks>Its arguments are <see cref="SmartHomeDemoArguments"/>'.</remarks>
public sealed class SmartHomeDemo : IUseCaseApp
{
    /// <summary>What the speaker says without <c>--say</c>.</summary>
    public const string DefaultPhrase = SmartHomeDemoArguments.DefaultPhrase;

    private static readonly TimeSpan RealTime = TimeSpan.FromMilliseconds(80);

    /// <summary>A microphone that gives no audio this long after arecord starts is reported as not working.</summary>
    private static readonly TimeSpan MicrophoneStartTimeout = TimeSpan.FromSeconds(5);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <inheritdoc />
    public string Usage => $"listens for \"hey jarvis\" through the wake-word pipelines and reports the scores and detections; {SmartHomeDemoArguments.Usage}";

    /// <inheritdoc />
    public void CheckArguments(IReadOnlyList<string> arguments)
    {
        var parsed = SmartHomeDemoArguments.Parse(arguments);
        if (parsed.WavPath is { } path)
        {
            _ = Files(path);
        }
    }

    /// <inheritdoc />
    public async Task<int> RunAsync(UseCaseAppContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var arguments = SmartHomeDemoArguments.Parse(context.Arguments);
        var names = SmartHomeAppOptions.PipelineNames;
        var options = new SmartHomeAppOptions
        {
            Melspectrogram = context.Pipeline(names[0]),
            Embedding = context.Pipeline(names[1]),
            WakeWord = context.Pipeline(names[2]),
            ChunkInterval = arguments.WavPath is null && arguments.MicrophoneDevice is null ? RealTime : TimeSpan.Zero, // files go as fast as answered; a microphone paces itself
            TimeProvider = context.Time,
        };

        // Everything is read before anything is sent, so that a bad file stops the run before it starts.
        var inputs = arguments.WavPath is { } path ? await ReadAsync(Files(path), cancellationToken).ConfigureAwait(false)
            : arguments.MicrophoneDevice is not null ? []
            : [await SpeakAsync(arguments.Phrase, cancellationToken).ConfigureAwait(false)];
        var detections = new List<AudioDetection>();
        var home = HomeAssistant(context);
        try
        {
            await using var app = await SmartHomeApp.StartAsync(context.Mqtt, options, cancellationToken).ConfigureAwait(false);
            if (home is not null)
            {
                await home.AnnounceAsync(cancellationToken).ConfigureAwait(false);
                if (!arguments.Json)
                {
                    context.Out.WriteLine($"smart-home app: announced {home.Configs.Count} Home Assistant entities under {home.DiscoveryPrefix}/ (removed when the app ends)");
                }
            }

            if (arguments.MicrophoneDevice is { } device)
            {
                var microphone = Microphone.ReadAsync(device, MicrophoneStartTimeout, cancellationToken: cancellationToken);
                context.Out.WriteLine($"smart-home app: listening to ALSA device '{device}' (arecord) until stopped");
                detections.Add(await AudioDetection.RunAsync(app, $"microphone {device}", microphone, new WakeWordDetector(), async (score, heard, token) =>
                {
                    if (heard is not null)
                    {
                        context.Out.WriteLine(Invariant($"smart-home app: wake word heard at {heard.AudioEnd.TotalSeconds:0.00} s ({heard.Score:0.000})"));
                        if (home is not null)
                        {
                            await home.PublishDetectionAsync(heard, $"microphone {device}", token).ConfigureAwait(false);
                        }
                    }

                    if (home is not null)
                    {
                        await home.PublishScoreAsync(score, token).ConfigureAwait(false);
                    }
                }, cancellationToken).ConfigureAwait(false));
            }

            foreach (var input in inputs)
            {
                var printScores = !arguments.Json && arguments.WavPath is null;
                if (!arguments.Json)
                {
                    context.Out.WriteLine(Invariant($"smart-home app: streaming {input.Duration.TotalSeconds:0.0} s of {input.Source} in 80 ms chunks"));
                }

                var detection = await AudioDetection.RunAsync(
                    app,
                    input,
                    new WakeWordDetector(),
                    async (score, heard, token) =>
                    {
                        if (printScores)
                        {
                            context.Out.WriteLine(Invariant($"  wake word score at {score.AudioEnd.TotalSeconds,5:0.00} s: {score.Score:0.000} {Bar(score.Score)}"));
                        }

                        if (home is not null)
                        {
                            await home.PublishScoreAsync(score, token).ConfigureAwait(false);
                            if (heard is not null)
                            {
                                await home.PublishDetectionAsync(heard, input.Source, token).ConfigureAwait(false);
                            }
                        }
                    },
                    cancellationToken).ConfigureAwait(false);
                detections.Add(detection);
                if (!arguments.Json)
                {
                    context.Out.WriteLine(Summary(detection));
                }
            }
        }
        catch (Exception e) when (e is WakeWordPipelineException or TimeoutException or HomeAssistantException or MicrophoneException)
        {
            throw new UseCaseAppException(e.Message, e);
        }
        finally
        {
            if (home is not null)
            {
                using var removal = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await home.RemoveAsync(removal.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        if (arguments.Json)
        {
            context.Out.WriteLine(JsonSerializer.Serialize(new { threshold = WakeWordDetector.DefaultThreshold, files = detections }, Json));
        }

        return 0;
    }

    /// <summary>Home Assistant discovery when the demo runs the app (it gave the app an availability topic), else null.</summary>
    private static HomeAssistantPublisher? HomeAssistant(UseCaseAppContext context)
    {
        if (context.AvailabilityTopic is not { } availability)
        {
            return null;
        }

        var options = new HomeAssistantOptions
        {
            StateTopicPrefix = $"{availability[..availability.LastIndexOf('/')]}/home-assistant",
            AvailabilityTopic = availability,
            Nodes = context.Nodes,
            TopicRoot = context.Pipelines.Values.Select(p => p.TopicRoot).FirstOrDefault() ?? "vedliot",
        };
        return new HomeAssistantPublisher(context.Mqtt, options);
    }

    private static IReadOnlyList<string> Files(string path)
    {
        try
        {
            return WavFiles.Find(path);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new UseCaseArgumentException($"--wav {e.Message}", e);
        }
    }

    private static async Task<IReadOnlyList<SpeechSample>> ReadAsync(IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        var inputs = new List<SpeechSample>(files.Count);
        foreach (var file in files)
        {
            try
            {
                inputs.Add(await WavFiles.LoadAsync(file, cancellationToken).ConfigureAwait(false));
            }
            catch (InvalidDataException e)
            {
                throw new UseCaseAppException($"--wav {e.Message}", e);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UseCaseAppException($"--wav {file}: cannot be read: {e.Message}", e);
            }
        }

        return inputs;
    }

    private static async Task<SpeechSample> SpeakAsync(string phrase, CancellationToken cancellationToken)
    {
        try
        {
            return await SpeechSample.SynthesizeAsync(phrase, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidOperationException)
        {
            throw new UseCaseAppException($"cannot synthesise \"{phrase}\": {e.Message}", e);
        }
    }

    private static string Summary(AudioDetection detection) => detection.HighestScore is not { } highest
        ? Invariant($"smart-home app: {detection.Source}: no score ({detection.DurationSeconds:0.00} s; a score needs 1.95 s of audio); wake word not heard")
        : Invariant($"smart-home app: {detection.Source}: {detection.Scores} scores; highest {highest:0.000} at {detection.HighestAtSeconds:0.00} s; ")
            + (detection.Heard
                ? Invariant($"wake word heard {detection.Detections.Count} time(s), at {string.Join(", ", detection.Detections.Select(d => Invariant($"{d.AtSeconds:0.00} s ({d.Score:0.000})")))}")
                : Invariant($"wake word not heard (threshold {detection.Threshold:0.00})"));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Bar(float score) => new('#', (int)Math.Round(Math.Clamp(score, 0, 1) * 40));
}
