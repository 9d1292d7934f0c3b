namespace Vedliot.Attestation.Tpm.Transports;

/// <summary>
/// Carries one marshalled TPM 2.0 command to a TPM and returns its complete response. Implementations
/// serialise concurrent callers: a TPM executes one command at a time.
/// </summary>
public interface ITpmTransport : IAsyncDisposable
{
    /// <summary>Sends a command and waits for the complete response.</summary>
    /// <param name="command">The marshalled command (header included).</param>
    /// <param name="cancellationToken">Cancels the wait; the transport is unusable after a cancelled exchange.</param>
    /// <returns>The marshalled response (header included); the caller owns the array.</returns>
    Task<byte[]> ExecuteAsync(ReadOnlyMemory<byte> command, CancellationToken cancellationToken = default);
}
