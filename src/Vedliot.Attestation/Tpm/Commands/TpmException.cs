using System.Globalization;
using Vedliot.Attestation.Tpm.Structures;

namespace Vedliot.Attestation.Tpm.Commands;

/// <summary>Thrown when the TPM answers a command with a response code other than TPM_RC_SUCCESS.</summary>
public sealed class TpmException : Exception
{
    /// <summary>Creates an exception with a default message.</summary>
    public TpmException()
        : base("The TPM returned an error.")
    {
        ResponseCode = TpmResponseCode.Decode(0x101);
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What happened.</param>
    public TpmException(string message)
        : base(message)
    {
        ResponseCode = TpmResponseCode.Decode(0x101);
    }

    /// <summary>Creates an exception with a message and cause.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause.</param>
    public TpmException(string message, Exception innerException)
        : base(message, innerException)
    {
        ResponseCode = TpmResponseCode.Decode(0x101);
    }

    /// <summary>Creates an exception for a failed command.</summary>
    /// <param name="command">The command that failed.</param>
    /// <param name="responseCode">The decoded response code.</param>
    public TpmException(TpmCommandCode command, DecodedResponseCode responseCode)
        : base(string.Create(CultureInfo.InvariantCulture, $"TPM2_{command} failed: {responseCode}"))
    {
        ArgumentNullException.ThrowIfNull(responseCode);
        Command = command;
        ResponseCode = responseCode;
    }

    /// <summary>The command that failed.</summary>
    public TpmCommandCode Command { get; }

    /// <summary>The decoded response code.</summary>
    public DecodedResponseCode ResponseCode { get; }
}
