namespace Vedliot.Accelerators.Conformance;

/// <summary>How one backend test model fared.</summary>
public enum ConformanceOutcome
{
    /// <summary>Whole and split at every cut, the outputs match the reference.</summary>
    Passed,

    /// <summary>ONNX Runtime itself cannot run the model or does not reproduce its reference outputs, so it tests nothing of Vedliot's.</summary>
    Skipped,

    /// <summary>Vedliot loaded, split or ran the model wrongly.</summary>
    Failed,
}
