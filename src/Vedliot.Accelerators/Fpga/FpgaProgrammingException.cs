using Vedliot.Runtime;

namespace Vedliot.Accelerators.Fpga;

/// <summary>The fpga_manager interface is missing, refused a write, or did not reach the <c>operating</c> state.</summary>
public sealed class FpgaProgrammingException : VedliotException
{
    /// <summary>Creates the error.</summary>
    public FpgaProgrammingException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with the I/O error behind it.</summary>
    public FpgaProgrammingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
