namespace Vedliot.Runtime.Deployment.Protocol;

/// <summary>A deployment protocol message was malformed, unexpected, or reported a failure; the message names the topic.</summary>
public sealed class DeploymentProtocolException : VedliotException
{
    /// <summary>Creates the error.</summary>
    public DeploymentProtocolException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with its cause.</summary>
    public DeploymentProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
