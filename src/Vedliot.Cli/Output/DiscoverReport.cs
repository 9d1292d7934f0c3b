using Vedliot.Accelerators.OnnxRuntime;
using Vedliot.Accelerators.Probes;
using Vedliot.Runtime.Discovery;
using Vedliot.Runtime.Platform;

namespace Vedliot.Cli.Output;

/// <summary>What <c>vedliot discover</c> found, as shown in tables or JSON.</summary>
internal sealed record DiscoverReport(
    string? Platform,
    string? Descriptor,
    IReadOnlyList<Module> Modules,
    IReadOnlyList<Link> Links,
    IReadOnlyList<DiscoveredDevice> Devices,
    IReadOnlyList<ProbeDiagnostic> Diagnostics,
    OnnxRuntimeBuild OnnxRuntime);
