using Vedliot.Runtime;

namespace Vedliot.Accelerators.Energy;

/// <summary>An NVML call that returned an error status.</summary>
public sealed class NvmlException : VedliotException
{
    /// <summary>Creates the error for <paramref name="function"/> returning <paramref name="status"/>.</summary>
    public NvmlException(string function, int status, string description)
        : base($"NVML {function} failed with status {status}: {description}")
    {
        Function = function;
        Status = status;
    }

    /// <summary>The NVML function that failed.</summary>
    public string Function { get; }

    /// <summary>Its nvmlReturn_t status code.</summary>
    public int Status { get; }
}
