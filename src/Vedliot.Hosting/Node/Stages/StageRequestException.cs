using Vedliot.Runtime;

namespace Vedliot.Hosting.Node.Stages;

/// <summary>A request a stage received cannot be run (e.g. an input is missing); the message goes back in its error reply.</summary>
public sealed class StageRequestException : VedliotException
{
    /// <summary>Creates the error.</summary>
    public StageRequestException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with its cause.</summary>
    public StageRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
