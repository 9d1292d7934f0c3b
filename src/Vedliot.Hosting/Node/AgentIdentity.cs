using System.Reflection;
using System.Security.Cryptography;
using Vedliot.Runtime;

namespace Vedliot.Hosting.Node;

/// <summary>
/// What the running node agent is: its file, version and SHA-256, as measured into the TPM at start. The agent's
/// code is in this assembly (<c>Vedliot.Hosting</c>), so this is the file measured; the <c>Vedliot.Node</c>
/// executable is only its command line and host.
/// </summary>
public sealed record AgentIdentity
{
    private AgentIdentity(string path, string version, ReadOnlyMemory<byte> content, string digest)
    {
        Path = path;
        Version = version;
        Content = content;
        Digest = digest;
    }

    /// <summary>The agent's assembly file.</summary>
    public string Path { get; }

    /// <summary>The agent's version (informational version, else assembly version).</summary>
    public string Version { get; }

    /// <summary>The assembly file's bytes.</summary>
    public ReadOnlyMemory<byte> Content { get; }

    /// <summary>The file name, as logged in the measurement log.</summary>
    public string Name => System.IO.Path.GetFileName(Path);

    /// <summary>SHA-256 of the assembly file (lower-case hex), computed once when it was read: what an orchestrator's allow-list names.</summary>
    public string Digest { get; }

    /// <summary>The identity of this agent: the <c>Vedliot.Hosting</c> assembly (or, published as a single file, the executable).</summary>
    /// <param name="cancellationToken">Cancels reading the file.</param>
    /// <returns>The identity.</returns>
    /// <exception cref="VedliotException">The assembly file cannot be read.</exception>
    public static async Task<AgentIdentity> OfThisAgentAsync(CancellationToken cancellationToken = default)
    {
        var assembly = typeof(AgentIdentity).Assembly;
        var path = assembly.Location is { Length: > 0 } location ? location : Environment.ProcessPath
            ?? throw new VedliotException("the node agent cannot find its own file to measure");
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString()
            ?? "0";
        try
        {
            var content = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            return new AgentIdentity(path, version, content, Convert.ToHexStringLower(SHA256.HashData(content)));
        }
        catch (IOException e)
        {
            throw new VedliotException($"{path}: the node agent cannot read its own file to measure it: {e.Message}", e);
        }
    }
}
