namespace Vedliot.Accelerators.Probes;

/// <summary>The parsed <c>/proc/cpuinfo</c>: one field set per logical processor, plus system-wide fields.</summary>
/// <param name="Processors">Fields of each logical processor, in file order.</param>
/// <param name="System">Fields outside any processor block (ARM kernels print <c>Hardware</c>, <c>Model</c> there).</param>
public sealed record CpuInfo(
    IReadOnlyList<IReadOnlyDictionary<string, string>> Processors,
    IReadOnlyDictionary<string, string> System);
