namespace Vedliot.Attestation.Tpm.Marshalling;

/// <summary>Thrown when bytes do not form the TPM structure that was expected (truncated, oversized or invalid values).</summary>
public sealed class TpmFormatException : Exception
{
    /// <summary>Creates an exception with a default message.</summary>
    public TpmFormatException()
        : base("Malformed TPM structure.")
    {
    }

    /// <summary>Creates an exception with a message that names the structure and the specification clause.</summary>
    /// <param name="message">What was wrong.</param>
    public TpmFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception wrapping another.</summary>
    /// <param name="message">What was wrong.</param>
    /// <param name="innerException">The cause.</param>
    public TpmFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
