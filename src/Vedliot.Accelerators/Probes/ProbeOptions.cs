namespace Vedliot.Accelerators.Probes;

/// <summary>Where the probes look for the Linux interfaces they read.</summary>
public sealed record ProbeOptions
{
    /// <summary>
    /// The folder that stands for <c>/</c>: <c>/sys</c>, <c>/proc</c> and <c>/dev</c> are read below it.
    /// Default: <c>/</c>, the running system; tests point it at a fixture tree.
    /// </summary>
    public string Root { get; init; } = "/";

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">The root is empty.</exception>
    public void Validate() => ArgumentException.ThrowIfNullOrWhiteSpace(Root);
}
