using System.CommandLine;
using System.CommandLine.Invocation;
using Vedliot.Cli.Commands;

namespace Vedliot.Cli;

/// <summary>The <c>vedliot</c> command line: its verbs and how they are invoked.</summary>
public static class VedliotCli
{
    internal static RootCommand Create(CliContext context)
    {
        var root = new RootCommand("Vedliot: split, run, profile and place deep learning models on heterogeneous AIoT platforms.");
        root.Subcommands.Add(RunCommand.Create(context));
        root.Subcommands.Add(ConformanceCommand.Create(context));
        root.Subcommands.Add(DiscoverCommand.Create(context));
        root.Subcommands.Add(ProfileCommand.Create(context));
        root.Subcommands.Add(PlaceCommand.Create(context));
        root.Subcommands.Add(AttestCommand.Create(context));
        root.Subcommands.Add(DeployCommand.Create(context));
        root.Subcommands.Add(StatusCommand.Create(context));
        root.Subcommands.Add(DemoCommand.Create(context));
        return root;
    }

    /// <summary>Runs the command line, as <c>vedliot</c> does with its arguments and console.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="output">Where results go.</param>
    /// <param name="error">Where errors go (one line each).</param>
    /// <param name="timeProvider">The clock of every verb.</param>
    /// <returns>The exit code.</returns>
    public static int Invoke(string[] args, TextWriter output, TextWriter error, TimeProvider timeProvider)
    {
        var context = new CliContext(output, error, timeProvider);
        return Invoke(() => Create(context), args, output, error);
    }

    /// <summary>
    /// Runs the command line as the <c>vedliot</c> process does: like <see cref="Invoke(string[], TextWriter, TextWriter, TimeProvider)"/>,
    /// and a termination signal (SIGINT, SIGTERM, SIGHUP) cancels the verb, which stops what it started before the process exits.
    /// </summary>
    /// <param name="args">The arguments.</param>
    /// <param name="output">Where results go.</param>
    /// <param name="error">Where errors go (one line each).</param>
    /// <param name="timeProvider">The clock of every verb.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, TimeProvider timeProvider)
    {
        using var signals = new TerminationSignals(error);
        var context = new CliContext(output, error, timeProvider);
        try
        {
            var parse = Parse(() => Create(context), args);
            var exitCode = await parse.InvokeAsync(Configuration(output, error), signals.Token).ConfigureAwait(false);

            // A verb that a signal stopped was cancelled, however its last step ended (an app may end its run cleanly).
            return signals.Token.IsCancellationRequested ? CliContext.CancelledExitCode : exitCode;
        }
        catch (OperationCanceledException)
        {
            return CliContext.CancelledExitCode;
        }
        catch (Exception e)
        {
            return CliContext.ReportInternalError(error, e);
        }
    }

    /// <summary>Builds the commands with <paramref name="create"/> and runs them; every exception that escapes ends here.</summary>
    /// <param name="create">Builds the root command.</param>
    /// <param name="args">The arguments.</param>
    /// <param name="output">Where results go.</param>
    /// <param name="error">Where errors go (one line each).</param>
    /// <returns>The exit code: <see cref="CliContext.InternalErrorExitCode"/> for an exception no verb handles.</returns>
    public static int Invoke(Func<RootCommand> create, string[] args, TextWriter output, TextWriter error)
    {
        // Building and parsing run the validators, so they are inside the last-resort handler too.
        try
        {
            return Parse(create, args).Invoke(Configuration(output, error));
        }
        catch (OperationCanceledException)
        {
            return CliContext.CancelledExitCode;
        }
        catch (Exception e)
        {
            return CliContext.ReportInternalError(error, e);
        }
    }

    private static ParseResult Parse(Func<RootCommand> create, string[] args)
    {
        var parse = create().Parse(args);

        // A usage error names the option and the reason; the whole help page would bury that.
        if (parse.Action is ParseErrorAction parseError)
        {
            parseError.ShowHelp = false;
        }

        return parse;
    }

    // Signals are handled by TerminationSignals, which waits for the verb's cleanup instead of a fixed grace time.
    private static InvocationConfiguration Configuration(TextWriter output, TextWriter error) =>
        new() { Output = output, Error = error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
}
