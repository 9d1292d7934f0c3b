using Vedliot.Runtime.Discovery;

namespace Vedliot.Accelerators.Probes;

/// <summary>What a discovery run found, and which probes failed and why.</summary>
/// <param name="Devices">Devices found, each once (by id), in probe order.</param>
/// <param name="Diagnostics">One entry per probe that failed.</param>
public sealed record DiscoveryReport(IReadOnlyList<DiscoveredDevice> Devices, IReadOnlyList<ProbeDiagnostic> Diagnostics);
