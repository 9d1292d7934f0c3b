using Spectre.Console;
using Vedliot.Runtime;

namespace Vedliot.Cli.Commands;

/// <summary>
/// What every verb writes to and reads time from, and the one place where errors become messages
/// and exit codes.
/// </summary>
internal sealed class CliContext
{
    /// <summary>Exit code for bad input, unavailable providers and failed runs.</summary>
    public const int ErrorExitCode = 1;

    private const int RedirectedWidth = 160;

    public CliContext(TextWriter output, TextWriter error, TimeProvider timeProvider)
    {
        Out = output;
        Error = error;
        TimeProvider = timeProvider;
        var terminal = output == System.Console.Out && !System.Console.IsOutputRedirected;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });

        // Tables written to a file or pipe are read later, often wider than a terminal's default.
        if (!terminal)
        {
            Console.Profile.Width = RedirectedWidth;
        }
    }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    public IAnsiConsole Console { get; }

    public TimeProvider TimeProvider { get; }

    /// <summary>Runs a verb; a Vedliot error is printed as one line and gives <see cref="ErrorExitCode"/>.</summary>
    public int Guard(Func<int> verb)
    {
        try
        {
            return verb();
        }
        catch (VedliotException e)
        {
            Error.WriteLine($"vedliot: error: {e.Message}");
            return ErrorExitCode;
        }
    }
}
