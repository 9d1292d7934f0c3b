using Vedliot.Runtime;

namespace Vedliot.Hosting.Broker;

/// <summary>A broker connection option is malformed or names a file that cannot be used; the message names the option and why.</summary>
public sealed class BrokerOptionsException : VedliotException
{
    /// <summary>Creates the error.</summary>
    /// <param name="message">What is wrong, naming the option.</param>
    public BrokerOptionsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with its cause.</summary>
    /// <param name="message">What is wrong, naming the option.</param>
    /// <param name="innerException">The cause.</param>
    public BrokerOptionsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
