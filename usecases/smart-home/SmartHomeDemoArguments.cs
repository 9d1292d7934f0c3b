using Vedliot.Pipelines.Apps;

namespace Vedliot.UseCases.SmartHome;

/// <summary>
/// The arguments of <see cref="SmartHomeDemo"/>: what it listens to (<c>--say TEXT</c>, spoken by espeak-ng, or
/// <c>--wav PATH</c>, a WAV file or a folder of them) and whether it reports as JSON (<c>--json</c>).
/// </summary>
/// <param name="Phrase">What espeak-ng says, when no WAV is given.</param>
/// <param name="WavPath">The WAV file or folder, or null.</param>
/// <param name="Json">Report one JSON document instead of lines.</param>
public sealed record SmartHomeDemoArguments(string Phrase, string? WavPath, bool Json)
{
    /// <summary>What the speaker says without <c>--say</c>.</summary>
    public const string DefaultPhrase = "hey jarvis";

    private const string Say = "--say";
    private const string Wav = "--wav";
    private const string JsonFlag = "--json";

    /// <summary>One line on the arguments, for the demo's usage.</summary>
    public static string Usage => $"{Say} TEXT: what espeak-ng says (default \"{DefaultPhrase}\"); {Wav} PATH: a WAV file or a folder of them instead (any rate, bit depth, channels); {JsonFlag}: one JSON document per run";

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
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            if (argument == JsonFlag)
            {
                json = true;
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
                throw new UseCaseArgumentException($"unknown argument '{argument}'; the smart-home app takes {Say} TEXT or {Wav} PATH, and {JsonFlag}");
            }
        }

        if (phrase is not null && wav is not null)
        {
            throw new UseCaseArgumentException($"{Say} and {Wav}: give one; the app listens either to espeak-ng or to WAV files");
        }

        return new SmartHomeDemoArguments(phrase ?? DefaultPhrase, wav, json);
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
