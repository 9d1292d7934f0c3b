namespace Vedliot.UseCases.SmartHome;

/// <summary>How <see cref="SpeechSample.SynthesizeAsync"/> speaks a phrase with espeak-ng.</summary>
public sealed class SpeechSampleOptions
{
    /// <summary>The espeak-ng command, found on PATH unless a path is given. Default: <c>espeak-ng</c>.</summary>
    public string Command { get; init; } = "espeak-ng";

    /// <summary>espeak-ng voice (<c>-v</c>), as <c>espeak-ng --voices</c> lists them. Default: <c>en-us</c>.</summary>
    public string Voice { get; init; } = "en-us";

    /// <summary>Speaking rate (<c>-s</c>) in words per minute, 80 … 450. Default: 140, a little slower than espeak-ng's 175.</summary>
    public int WordsPerMinute { get; init; } = 140;

    /// <summary>Pitch (<c>-p</c>), 0 … 99. Default: espeak-ng's own 50.</summary>
    public int Pitch { get; init; } = 50;

    /// <summary>Silence before the phrase. Default: 1.5 s.</summary>
    public TimeSpan LeadingSilence { get; init; } = TimeSpan.FromSeconds(1.5);

    /// <summary>Silence after the phrase. Default: 1.5 s, so that the wake-word model's 2 s view slides past the whole phrase.</summary>
    public TimeSpan TrailingSilence { get; init; } = TimeSpan.FromSeconds(1.5);

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Command))
        {
            throw new ArgumentException("The espeak-ng command is empty.", nameof(Command));
        }

        if (string.IsNullOrWhiteSpace(Voice) || Voice.StartsWith('-'))
        {
            throw new ArgumentException($"'{Voice}' is not an espeak-ng voice name.", nameof(Voice));
        }

        if (WordsPerMinute is < 80 or > 450)
        {
            throw new ArgumentException($"WordsPerMinute {WordsPerMinute} is outside espeak-ng's 80 … 450.", nameof(WordsPerMinute));
        }

        if (Pitch is < 0 or > 99)
        {
            throw new ArgumentException($"Pitch {Pitch} is outside espeak-ng's 0 … 99.", nameof(Pitch));
        }

        if (LeadingSilence < TimeSpan.Zero || TrailingSilence < TimeSpan.Zero)
        {
            throw new ArgumentException("Silence before and after the phrase cannot be negative.", nameof(LeadingSilence));
        }
    }
}
