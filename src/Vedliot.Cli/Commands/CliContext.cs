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

    /// <summary>Exit code for a bug: an exception no verb turned into a message (EX_SOFTWARE of sysexits.h).</summary>
    public const int InternalErrorExitCode = 70;

    /// <summary>Exit code when a verb stopped because it was cancelled (128 + SIGINT, as shells report it).</summary>
    public const int CancelledExitCode = 130;

    /// <summary>Set to 1 to print the stack trace of an internal error.</summary>
    public const string DebugVariable = "VEDLIOT_DEBUG";

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
    // messages written for users; anything else is a bug, for the last-resort handler in VedliotCli.
    private static bool IsUserFacing(Exception e) =>
        e is VedliotException
        || e.GetType().Namespace?.StartsWith("Vedliot.Attestation", StringComparison.Ordinal) == true
        || e.GetType().Namespace?.StartsWith("Vedliot.Messaging", StringComparison.Ordinal) == true;

    /// <summary>The last resort for an exception that escaped a verb: one line, asking for a report.</summary>
    public static int ReportInternalError(TextWriter error, Exception e)
    {
        error.WriteLine($"vedliot: internal error: {e.GetType().FullName}: {e.Message} (please report this)");
        if (Environment.GetEnvironmentVariable(DebugVariable) == "1")
        {
            error.WriteLine(e.ToString());
        }

        return InternalErrorExitCode;
    }

    private int Report(Exception e)
    {
        Error.WriteLine($"vedliot: error: {e.Message}");
        return ErrorExitCode;
    }
}
