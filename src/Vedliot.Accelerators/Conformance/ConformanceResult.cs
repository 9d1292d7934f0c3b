namespace Vedliot.Accelerators.Conformance;

/// <summary>The result for one backend test model.</summary>
/// <param name="Name">Suite and test name, e.g. <c>node/test_abs</c>.</param>
/// <param name="Outcome">Passed, skipped or failed.</param>
/// <param name="Reason">Why it was skipped or failed; null when it passed.</param>
/// <param name="Operations">Operation nodes in the model.</param>
/// <param name="SplitsChecked">Partitioned runs whose outputs were compared (one per cut, plus one split at every cut).</param>
public sealed record ConformanceResult(string Name, ConformanceOutcome Outcome, string? Reason, int Operations, int SplitsChecked);
