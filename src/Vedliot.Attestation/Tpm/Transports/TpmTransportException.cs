namespace Vedliot.Attestation.Tpm.Transports;

/// <summary>Thrown when a transport cannot deliver a command or returns a malformed frame.</summary>
/// <remarks>Not sealed: <see cref="TpmCommandTimeoutException"/> is the kind that says a TPM did not answer in time.</remarks>
public class TpmTransportException : Exception
{
    /// <summary>Creates an exception with a default message.</summary>
    public TpmTransportException()
        : base("TPM transport failure.")
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What happened.</param>
    public TpmTransportException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and cause.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause.</param>
    public TpmTransportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
