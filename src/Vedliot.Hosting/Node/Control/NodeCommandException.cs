using Vedliot.Runtime;

namespace Vedliot.Hosting.Node.Control;

/// <summary>A command to the node cannot be carried out; the message, sent back as the reply's error, says why.</summary>
public sealed class NodeCommandException : VedliotException
{
    /// <summary>Creates the error.</summary>
    public NodeCommandException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with its cause.</summary>
    public NodeCommandException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
