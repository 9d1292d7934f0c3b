using System.Globalization;
using Vedliot.Pipelines.Apps;
using Vedliot.UseCases.SmartHome;

[assembly: UseCaseApp(typeof(SmartHomeDemo))]

namespace Vedliot.UseCases.SmartHome;

/// <summary>
/// The smart-home use case as <c>vedliot demo smart-home</c> runs it: speaks a phrase with espeak-ng, streams it in
/// real time (80 ms chunks) through the three deployed pipelines with <see cref="SmartHomeApp"/>, prints each wake-word
/// score as it comes and, at the end, the highest one and whether it is a detection (0.5 and above, as openWakeWord).
/// </summary>
/// <remarks>Its one argument: <c>--say TEXT</c>, what the speaker says (default <see cref="DefaultPhrase"/>).</remarks>
public sealed class SmartHomeDemo : IUseCaseApp
{
    /// <summary>What the speaker says without <c>--say</c>.</summary>
    public const string DefaultPhrase = "hey jarvis";

    private const string Say = "--say";
    private const float DetectionThreshold = 0.5f;
    private static readonly TimeSpan RealTime = TimeSpan.FromMilliseconds(80);

    /// <inheritdoc />
    public string Usage => $"streams synthesised speech (espeak-ng) through the wake-word pipelines and prints each score; {Say} TEXT: what the speaker says (default \"{DefaultPhrase}\")";

    /// <inheritdoc />
    public void CheckArguments(IReadOnlyList<string> arguments) => _ = Phrase(arguments);

    /// <inheritdoc />
    public async Task<int> RunAsync(UseCaseAppContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var phrase = Phrase(context.Arguments);
        var names = SmartHomeAppOptions.PipelineNames;
        var options = new SmartHomeAppOptions
        {
            Melspectrogram = context.Pipeline(names[0]),
            Embedding = context.Pipeline(names[1]),
            WakeWord = context.Pipeline(names[2]),
            ChunkInterval = RealTime,
            TimeProvider = context.Time,
        };

        SpeechSample speech;
        try
        {
            speech = await SpeechSample.SynthesizeAsync(phrase, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidOperationException)
        {
            throw new UseCaseAppException($"cannot synthesise \"{phrase}\": {e.Message}", e);
        }

        var scores = 0;
        var best = (Score: -1f, At: TimeSpan.Zero);
        try
        {
            await using var app = await SmartHomeApp.StartAsync(context.Mqtt, options, cancellationToken).ConfigureAwait(false);
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"smart-home app: streaming {speech.Duration.TotalSeconds:0.0} s of synthesised speech (\"{phrase}\", espeak-ng) in 80 ms chunks"));
            await foreach (var score in app.DetectAsync(speech.Samples, cancellationToken).ConfigureAwait(false))
            {
                scores++;
                if (score.Score > best.Score)
                {
                    best = (score.Score, score.AudioEnd);
                }

                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  wake word score at {score.AudioEnd.TotalSeconds,5:0.00} s: {score.Score:0.000} {Bar(score.Score)}"));
            }
        }
        catch (Exception e) when (e is WakeWordPipelineException or TimeoutException)
        {
            throw new UseCaseAppException(e.Message, e);
        }

        var verdict = best.Score >= DetectionThreshold ? "wake word detected" : "no wake word detected";
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"smart-home app: {scores} scores; highest {best.Score:0.000} at {best.At.TotalSeconds:0.00} s ({verdict})"));
        return 0;
    }

    /// <summary>The phrase the arguments ask for.</summary>
    /// <exception cref="UseCaseArgumentException">An argument is unknown, or <c>--say</c> has no text.</exception>
    private static string Phrase(IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var phrase = DefaultPhrase;
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            if (argument == Say)
            {
                if (i + 1 == arguments.Count)
                {
                    throw new UseCaseArgumentException($"{Say}: expected the text to say, e.g. {Say} \"{DefaultPhrase}\"");
                }

                phrase = arguments[++i];
            }
            else if (argument.StartsWith(Say + "=", StringComparison.Ordinal))
            {
                phrase = argument[(Say.Length + 1)..];
            }
            else
            {
                throw new UseCaseArgumentException($"unknown argument '{argument}'; the smart-home app takes {Say} TEXT");
            }

            if (string.IsNullOrWhiteSpace(phrase))
            {
                throw new UseCaseArgumentException($"{Say} '{phrase}': expected something to say");
            }
        }

        return phrase;
    }

    private static string Bar(float score) => new('#', (int)Math.Round(Math.Clamp(score, 0, 1) * 40));
}
