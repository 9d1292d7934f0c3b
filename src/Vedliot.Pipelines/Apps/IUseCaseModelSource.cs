namespace Vedliot.Pipelines.Apps;

/// <summary>
/// A use-case app whose models the project makes itself on first use (trains them, say) instead of fetching them:
/// <c>vedliot demo</c> has it make or reuse them before deploying. The manifest names such a model
/// <c>models:PATH</c>, a path under the folder <see cref="PrepareModelsAsync"/> is given.
/// </summary>
public interface IUseCaseModelSource
{
    /// <summary>Makes the app's models under <paramref name="modelsDirectory"/>, or checks that those there are current.</summary>
    /// <param name="modelsDirectory">Where <c>models:</c> references resolve (<c>.deps/models</c>); created if missing.</param>
    /// <param name="output">Where to say what it does (lines).</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>A task that completes when the models are in place.</returns>
    /// <exception cref="UseCaseAppException">A model cannot be made; the message says why.</exception>
    Task PrepareModelsAsync(string modelsDirectory, TextWriter output, CancellationToken cancellationToken);
}
