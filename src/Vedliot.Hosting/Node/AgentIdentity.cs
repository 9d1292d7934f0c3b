using System.Reflection;
using Vedliot.Runtime;

namespace Vedliot.Hosting.Node;

/// <summary>
/// What the running node agent is: its build (every file it executes, measured into the TPM at start, see
/// <see cref="AgentBuild"/>), and within it the agent's own assembly, its version and SHA-256, which the node
/// announces. The agent's code is in this assembly (<c>Vedliot.Hosting</c>); the <c>Vedliot.Node</c> executable is
/// only its command line and host.
/// </summary>
public sealed record AgentIdentity
{
    private AgentIdentity(AgentBuild build, AgentBuildFile file, string version)
    {
        Build = build;
        Path = file.Path;
        Name = file.Name;
        Digest = file.Sha256;
        Version = version;
    }

    /// <summary>The agent's build: the files measured at start.</summary>
    public AgentBuild Build { get; }

    /// <summary>The agent's assembly file.</summary>
    public string Path { get; }

    /// <summary>The agent's version (informational version, else assembly version).</summary>
    public string Version { get; }

    /// <summary>The assembly's name in the measurement log (its file name).</summary>
    public string Name { get; }

    /// <summary>SHA-256 of the assembly file (lower-case hex), computed once with the build's.</summary>
    public string Digest { get; }

    /// <summary>The identity of this agent (its build is scanned and hashed once per process).</summary>
    /// <param name="cancellationToken">Cancels the wait for the scan.</param>
    /// <returns>The identity.</returns>
    /// <exception cref="VedliotException">A file of the build cannot be read.</exception>
    public static async Task<AgentIdentity> OfThisAgentAsync(CancellationToken cancellationToken = default)
    {
        var build = await AgentBuild.OfThisAgentAsync(cancellationToken).ConfigureAwait(false);
        var assembly = typeof(AgentIdentity).Assembly;
        var file = build.Files[0].Name == assembly.GetName().Name + ".dll"
            ? build.Files[0]
            : throw new VedliotException($"{build.Directory}: the node agent's own assembly is not in its build folder");
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString()
            ?? "0";
        return new AgentIdentity(build, file, version);
    }
}
