using Vedliot.Pipelines.Apps;

namespace Vedliot.UseCases.SmartHome;

/// <summary>
/// The arguments of <see cref="SmartHomeDemo"/>: what it listens to (<c>--say TEXT</c>, spoken by espeak-ng, or
/// <c>--wav PATH</c>, a WAV file or a folder of them, or <c>--mic[=DEVICE]</c>, a live ALSA microphone) and whether it
/// reports as JSON (<c>--json</c>).
/// </summary>
/// <param name="Phrase">What espeak-ng says, when neither WAV files nor a microphone are given.</param>
/// <param name="WavPath">The WAV file or folder, or null.</param>
/// <param name="Json">Report one JSON document instead of lines.</param>
public sealed record SmartHomeDemoArguments(string Phrase, string? WavPath, bool Json)
{
    /// <summary>The ALSA capture device to listen to (<c>--mic</c>: <c>default</c>), or null.</summary>
    public string? MicrophoneDevice { get; init; }

    /// <summary>What the speaker says without <c>--say</c>.</summary>
    public const string DefaultPhrase = "hey jarvis";

    private const string Say = "--say";
    private const string Wav = "--wav";
    private const string JsonFlag = "--json";
    private const string Mic = "--mic";

    /// <summary>One line on the arguments, for the demo's usage.</summary>
    public static string Usage => $"{Say} TEXT: what espeak-ng says (default \"{DefaultPhrase}\"); {Wav} PATH: a WAV file or a folder of them instead (any rate, bit depth, channels); {Mic}[=DEVICE]: a live ALSA microphone instead (arecord; until Ctrl-C); {JsonFlag}: one JSON document per run";

    /// <summary>Reads the arguments.</summary>
    /// <param name="arguments">The app's arguments.</param>
    /// <returns>What they ask for.</returns>
    /// <exception cref="UseCaseArgumentException">An argument is unknown, lacks its value, or <c>--say</c> and <c>--wav</c> are both given; the message names it.</exception>
    public static SmartHomeDemoArguments Parse(IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        string? phrase = null;
        string? wav = null;
        var json = false;
        string? mic = null;
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            if (argument == JsonFlag)
            {
                json = true;
            }
            else if (argument == Mic || argument.StartsWith(Mic + "=", StringComparison.Ordinal))
            {
                mic = argument == Mic ? "default" : argument[(Mic.Length + 1)..];
                if (mic.Length == 0 || mic.StartsWith('-'))
                {
                    throw new UseCaseArgumentException($"{Mic}='{mic}': expected an ALSA capture device, e.g. {Mic}=plughw:1,0");
                }
            }
            else if (Value(arguments, ref i, Say, "the text to say, e.g. --say \"hey jarvis\"") is { } said)
            {
                phrase = string.IsNullOrWhiteSpace(said) ? throw new UseCaseArgumentException($"{Say} '{said}': expected something to say") : said;
            }
            else if (Value(arguments, ref i, Wav, "a WAV file or a folder of WAV files") is { } path)
            {
                wav = path.Length == 0 ? throw new UseCaseArgumentException($"{Wav} '': expected a WAV file or a folder of WAV files") : path;
            }
            else
            {
                throw new UseCaseArgumentException($"unknown argument '{argument}'; the smart-home app takes {Say} TEXT, {Wav} PATH or {Mic}[=DEVICE], and {JsonFlag}");
            }
        }

        if (new object?[] { phrase, wav, mic }.Count(a => a is not null) > 1)
        {
            throw new UseCaseArgumentException($"{Say}, {Wav} and {Mic}: give one; the app listens to espeak-ng, to WAV files or to a microphone");
        }

        return new SmartHomeDemoArguments(phrase ?? DefaultPhrase, wav, json) { MicrophoneDevice = mic };
    }

    /// <summary>The value of <paramref name="name"/> at <paramref name="i"/> (<c>NAME VALUE</c> or <c>NAME=VALUE</c>), or null when another argument is there.</summary>
    private static string? Value(IReadOnlyList<string> arguments, ref int i, string name, string expected)
    {
        var argument = arguments[i];
        if (argument.StartsWith(name + "=", StringComparison.Ordinal))
        {
            return argument[(name.Length + 1)..];
        }

        if (argument != name)
        {
            return null;
        }

        return i + 1 < arguments.Count ? arguments[++i] : throw new UseCaseArgumentException($"{name}: expected {expected}");
    }
}
