using Vedliot.Runtime;

namespace Vedliot.Hosting.Exposure;

/// <summary>A model's exposure cannot be measured (its inputs cannot be generated or reconstructed); the message says why.</summary>
public sealed class ExposureUnavailableException : VedliotException
{
    /// <summary>Creates the error.</summary>
    public ExposureUnavailableException(string message)
        : base(message)
    {
    }
}
