using System.Reflection.PortableExecutable;
using System.Security.Cryptography;
using Vedliot.Attestation.Attester;
using Vedliot.Attestation.Measurement;
using Vedliot.Attestation.Policy;
using Vedliot.Runtime;

namespace Vedliot.Hosting.Node;

/// <summary>One file of a node agent build: what it is, its name in the measurement log, and its SHA-256.</summary>
/// <param name="Type">How it is measured (see <see cref="ArtefactTypes.AgentBuild"/>).</param>
/// <param name="Name">Its path relative to the build folder, with '/' separators: the name logged.</param>
/// <param name="Path">Its full path.</param>
/// <param name="Sha256">SHA-256 of its bytes, lower-case hex.</param>
public sealed record AgentBuildFile(ArtefactType Type, string Name, string Path, string Sha256);

/// <summary>
/// Everything a node agent build executes, found and hashed one way for both sides: the agent measures each file
/// into its TPM at start (one event each), and the orchestrator allows the same files' digests as golden values
/// for a build it knows (its own, or a folder given with <c>--allow-agent</c>). The files, in the build folder:
/// <list type="bullet">
/// <item>every managed assembly (<c>*.dll</c> with CLI metadata: <c>Vedliot.*</c> and third-party ones) → <see cref="ArtefactType.NodeAgent"/>;</item>
/// <item>the ONNX Runtime execution provider libraries present (<c>libonnxruntime_providers_*.so</c>) → <see cref="ArtefactType.ExecutionProvider"/>;</item>
/// <item>every other native library (<c>*.so</c>, <c>*.so.N</c>, a native <c>*.dll</c>; among them <c>libonnxruntime.so</c>) → <see cref="ArtefactType.NativeLibrary"/>;</item>
/// <item>anything loadable under <see cref="PluginsFolder"/>, where plugins are to be installed → <see cref="ArtefactType.Plugin"/>.</item>
/// </list>
/// Subfolders are included (satellite assemblies, <c>runtimes/</c>). The agent's own assembly (<c>Vedliot.Hosting.dll</c>)
/// comes first, then the rest in ordinal order of name, so a build always yields the same log.
/// </summary>
public sealed class AgentBuild
{
    /// <summary>The subfolder of a build that plugins are loaded from; its files are measured as <see cref="ArtefactType.Plugin"/>.</summary>
    public const string PluginsFolder = "plugins";

    private const string ProvidersPrefix = "libonnxruntime_providers_";
    private static readonly Lazy<Task<AgentBuild>> ThisAgent = new(() => Task.Run(() => Scan(ThisAgentDirectory())));

    private AgentBuild(string directory, IReadOnlyList<AgentBuildFile> files)
    {
        Directory = directory;
        Files = files;
    }

    /// <summary>The build folder.</summary>
    public string Directory { get; }

    /// <summary>The files measured, in measurement order.</summary>
    public IReadOnlyList<AgentBuildFile> Files { get; }

    /// <summary>The digests of all its files (lower-case hex), for an orchestrator's allow-list.</summary>
    public IReadOnlySet<string> Digests => Files.Select(f => f.Sha256).ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The build of this running agent: the folder of its assembly, scanned and hashed once per process.</summary>
    /// <param name="cancellationToken">Cancels the wait (the scan itself goes on for the next caller).</param>
    /// <returns>The build.</returns>
    /// <exception cref="VedliotException">A file of the build cannot be read.</exception>
    public static Task<AgentBuild> OfThisAgentAsync(CancellationToken cancellationToken = default) => ThisAgent.Value.WaitAsync(cancellationToken);

    /// <summary>Finds and hashes the files of the build in <paramref name="directory"/> (the one way both sides do it).</summary>
    /// <param name="directory">The build folder.</param>
    /// <returns>The build.</returns>
    /// <exception cref="VedliotException">The folder is missing or holds no managed assembly, or a file cannot be read.</exception>
    public static AgentBuild Scan(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var root = System.IO.Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(root))
        {
            throw new VedliotException($"{root}: node agent build folder not found");
        }

        var files = new List<AgentBuildFile>();
        foreach (var path in System.IO.Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var name = System.IO.Path.GetRelativePath(root, path).Replace(System.IO.Path.DirectorySeparatorChar, '/');
            if (Classify(name, path) is { } type)
            {
                if (System.Text.Encoding.UTF8.GetByteCount(name) > MeasurementLog.MaxNameBytes)
                {
                    throw new VedliotException($"{path}: its name in the node agent build, {name.Length} characters, is longer than a measurement log entry's {MeasurementLog.MaxNameBytes} bytes; move it closer to {root}");
                }

                files.Add(new AgentBuildFile(type, name, path, Hash(path)));
            }
        }

        if (!files.Any(f => f.Type == ArtefactType.NodeAgent))
        {
            throw new VedliotException($"{root}: not a node agent build (no managed assembly in it)");
        }

        var own = typeof(AgentBuild).Assembly.GetName().Name + ".dll";
        return new AgentBuild(root, [.. files.OrderBy(f => f.Name == own ? 0 : 1).ThenBy(f => f.Name, StringComparer.Ordinal)]);
    }

    /// <summary>The file at <paramref name="path"/>, if it is one of the build's.</summary>
    /// <param name="path">A full path.</param>
    /// <returns>The file, or null.</returns>
    public AgentBuildFile? Find(string path) =>
        Files.FirstOrDefault(f => string.Equals(f.Path, System.IO.Path.GetFullPath(path), StringComparison.Ordinal));

    /// <summary>Measures every file into the node's TPM, one event each, from the digests already computed.</summary>
    /// <param name="attester">The node's attester.</param>
    /// <param name="cancellationToken">Cancels the extends.</param>
    /// <returns>The events logged, in order.</returns>
    public async Task<IReadOnlyList<MeasurementEvent>> MeasureAsync(NodeAttester attester, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attester);
        var events = new List<MeasurementEvent>(Files.Count);
        foreach (var file in Files)
        {
            events.Add(await attester.MeasureDigestAsync(file.Type, file.Name, Convert.FromHexString(file.Sha256), cancellationToken).ConfigureAwait(false));
        }

        return events;
    }

    /// <summary>Allows every file of the build, each for its own type, in a policy.</summary>
    /// <param name="builder">The policy being built.</param>
    /// <returns>The builder.</returns>
    public AttestationPolicyBuilder AllowIn(AttestationPolicyBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (var file in Files)
        {
            builder.Allow(file.Type, Convert.FromHexString(file.Sha256));
        }

        return builder;
    }

    private static ArtefactType? Classify(string name, string path)
    {
        var file = System.IO.Path.GetFileName(name);
        var native = file.EndsWith(".so", StringComparison.Ordinal) || file.Contains(".so.", StringComparison.Ordinal);
        var dll = file.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        if (!native && !dll)
        {
            return null;
        }

        if (name.StartsWith(PluginsFolder + "/", StringComparison.Ordinal))
        {
            return ArtefactType.Plugin;
        }

        if (native)
        {
            return file.StartsWith(ProvidersPrefix, StringComparison.Ordinal) ? ArtefactType.ExecutionProvider : ArtefactType.NativeLibrary;
        }

        return IsManaged(path) ? ArtefactType.NodeAgent : ArtefactType.NativeLibrary;
    }

    private static bool IsManaged(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new PEReader(stream);
            return reader.HasMetadata;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new VedliotException($"{path}: cannot read this file of the node agent build to measure it: {e.Message}", e);
        }
    }

    private static string Hash(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new VedliotException($"{path}: cannot read this file of the node agent build to measure it: {e.Message}", e);
        }
    }

    private static string ThisAgentDirectory()
    {
        var location = typeof(AgentBuild).Assembly.Location;
        var path = location is { Length: > 0 } ? location : Environment.ProcessPath
            ?? throw new VedliotException("the node agent cannot find its own build folder to measure");
        return System.IO.Path.GetDirectoryName(path)!;
    }
}
