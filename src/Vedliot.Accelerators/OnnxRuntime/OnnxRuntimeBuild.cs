using System.Reflection;
using Microsoft.ML.OnnxRuntime;

namespace Vedliot.Accelerators.OnnxRuntime;

/// <summary>
/// The ONNX Runtime this process runs on: the package it was built against, the native library's
/// version, and each execution provider Vedliot knows with whether it loads here.
/// </summary>
/// <param name="Package">The NuGet package the build references: <c>Microsoft.ML.OnnxRuntime</c> (CPU) or <c>Microsoft.ML.OnnxRuntime.Gpu.Linux</c>.</param>
/// <param name="ManagedVersion">The version of the managed API assembly.</param>
/// <param name="NativeVersion">The version the loaded native library reports.</param>
/// <param name="Providers">Every provider of <see cref="ExecutionProviders.All"/>, in that order.</param>
public sealed record OnnxRuntimeBuild(string Package, string ManagedVersion, string NativeVersion, IReadOnlyList<ExecutionProviderStatus> Providers)
{
    /// <summary>Looks at the loaded build, probing every provider it lists (once per process).</summary>
    public static OnnxRuntimeBuild Inspect()
    {
        var providers = ExecutionProviders.All.Select(p => ExecutionProviderProbe.Probe(p.Name, p.OrtName)).ToArray();
        return new OnnxRuntimeBuild(PackageName(), ManagedApiVersion(), NativeLibraryVersion(), providers);
    }

    /// <summary>The version the loaded native library reports, e.g. <c>1.32.0</c>.</summary>
    public static string NativeLibraryVersion() => OnnxRuntimeEnvironment.Get().GetVersionString();

    private static string PackageName() =>
        typeof(OnnxRuntimeBuild).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "OnnxRuntimePackage")?.Value ?? "unknown";

    private static string ManagedApiVersion()
    {
        var version = typeof(InferenceSession).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        var build = version.IndexOf('+', StringComparison.Ordinal);
        return build < 0 ? version : version[..build];
    }
}
