namespace Vedliot.Pipelines.Apps;

/// <summary>
/// A use case's app as <c>vedliot demo &lt;usecase&gt;</c> runs it: once the manifest's pipelines run on the local
/// platform, the demo connects the app to the broker as its own user and calls <see cref="RunAsync"/>; it reports
/// what it heard, saw or measured on <see cref="UseCaseAppContext.Out"/>.
/// </summary>
public interface IUseCaseApp
{
    /// <summary>One line on what the app does and which arguments it takes, shown by <c>vedliot demo</c> when asked.</summary>
    string Usage { get; }

    /// <summary>Checks the app's own arguments before anything starts.</summary>
    /// <param name="arguments">What followed the use case on the command line, besides the demo's own options.</param>
    /// <exception cref="UseCaseArgumentException">An argument is unknown, missing or out of range; the message names it.</exception>
    void CheckArguments(IReadOnlyList<string> arguments);

    /// <summary>Runs the app against the deployed pipelines until its input ends.</summary>
    /// <param name="context">The connection, the pipelines, the arguments and where to write.</param>
    /// <param name="cancellationToken">Stops the app (Ctrl-C, a signal, or the demo's end).</param>
    /// <returns>The process exit code the demo should end with (0 when the app did what it should).</returns>
    /// <exception cref="UseCaseAppException">The app cannot go on; the message says why.</exception>
    Task<int> RunAsync(UseCaseAppContext context, CancellationToken cancellationToken);
}
