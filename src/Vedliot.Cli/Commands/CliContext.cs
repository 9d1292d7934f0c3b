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
        catch (Exception e) when (IsUserFacing(e))
        {
            return Report(e);
        }
    }

    /// <summary>The asynchronous form of <see cref="Guard(Func{int})"/>.</summary>
    public async Task<int> GuardAsync(Func<Task<int>> verb)
    {
        try
        {
            return await verb();
        }
        catch (Exception e) when (IsUserFacing(e))
        {
            return Report(e);
        }
    }

    // Vedliot's errors, and those of the protocol libraries (which know nothing of Vedliot.Runtime), carry
    // messages written for users; anything else is a bug and keeps its stack trace.
    private static bool IsUserFacing(Exception e) =>
        e is VedliotException
        || e.GetType().Namespace?.StartsWith("Vedliot.Attestation", StringComparison.Ordinal) == true
        || e.GetType().Namespace?.StartsWith("Vedliot.Messaging", StringComparison.Ordinal) == true;

    private int Report(Exception e)
    {
        Error.WriteLine($"vedliot: error: {e.Message}");
        return ErrorExitCode;
    }
}
