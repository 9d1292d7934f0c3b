namespace Vedliot.Runtime;

/// <summary>
/// Base of every error Vedliot reports to its users: the message names the file, field, provider or
/// command at fault and the reason, so that a command-line front end can print it as it is.
/// </summary>
public class VedliotException : Exception
{
    /// <summary>Creates an error with a message for the user.</summary>
    public VedliotException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an error with a message for the user and the lower-level cause.</summary>
    public VedliotException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
