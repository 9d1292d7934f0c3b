using Vedliot.Runtime;

namespace Vedliot.Hosting.Node;

/// <summary>The node agent was told to use something that does not exist (a module, a file); the message names the option.</summary>
public sealed class NodeConfigurationException : VedliotException
{
    /// <summary>Creates the error.</summary>
    public NodeConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with its cause.</summary>
    public NodeConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
