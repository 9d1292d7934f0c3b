using System.Globalization;

namespace Vedliot.Attestation.Tpm.Transports;

/// <summary>
/// A TPM did not answer a command within the transport's command timeout. The transport that threw it
/// has dropped its connection (TCP) or refuses further use (device), since a late answer would be read
/// as the next command's.
/// </summary>
public sealed class TpmCommandTimeoutException : TpmTransportException
{
    /// <summary>Creates an exception with a default message.</summary>
    public TpmCommandTimeoutException()
        : base("The TPM did not answer in time.")
    {
        Tpm = string.Empty;
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What happened.</param>
    public TpmCommandTimeoutException(string message)
        : base(message)
    {
        Tpm = string.Empty;
    }

    /// <summary>Creates an exception with a message and cause.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause.</param>
    public TpmCommandTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
        Tpm = string.Empty;
    }

    /// <summary>Creates the exception for a command (or, with no command code, a connect) that ran out of time.</summary>
    /// <param name="tpm">The TPM: <c>HOST:PORT (swtpm TCP)</c> or the device path.</param>
    /// <param name="commandCode">The command's TPM_CC, or null when the connect itself did not complete.</param>
    /// <param name="timeout">The timeout that expired.</param>
    public TpmCommandTimeoutException(string tpm, uint? commandCode, TimeSpan timeout)
        : base(Describe(tpm, commandCode, timeout))
    {
        Tpm = tpm;
        CommandCode = commandCode;
        Timeout = timeout;
    }

    /// <summary>The TPM that did not answer: <c>HOST:PORT (swtpm TCP)</c> or the device path.</summary>
    public string Tpm { get; }

    /// <summary>The TPM_CC of the command that got no answer; null when the connect did not complete.</summary>
    public uint? CommandCode { get; }

    /// <summary>The timeout that expired.</summary>
    public TimeSpan Timeout { get; }

    private static string Describe(string tpm, uint? commandCode, TimeSpan timeout)
    {
        var seconds = timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        return commandCode is { } code
            ? $"TPM {tpm} did not answer {TpmFraming.CommandName(code)} within {seconds} s (the transport's command timeout); check that it is a TPM and that it is not stuck."
            : $"TPM {tpm}: the connection did not open within {seconds} s (the transport's command timeout).";
    }
}
