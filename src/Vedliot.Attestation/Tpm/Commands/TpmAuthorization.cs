using Vedliot.Attestation.Tpm.Structures;

namespace Vedliot.Attestation.Tpm.Commands;

/// <summary>
/// One entry of a command's authorization area (TPMS_AUTH_COMMAND, TPM 2.0 Part 2, 10.13.2): either the
/// password session with a (possibly empty) password, or a policy session whose policy has been satisfied.
/// </summary>
public sealed class TpmAuthorization
{
    private TpmAuthorization(uint sessionHandle, ReadOnlyMemory<byte> nonceCaller, SessionAttributes attributes, ReadOnlyMemory<byte> hmac)
    {
        SessionHandle = sessionHandle;
        NonceCaller = nonceCaller;
        Attributes = attributes;
        Hmac = hmac;
    }

    /// <summary>The password session (TPM_RS_PW) with an empty password, the default for keys created by Vedliot.</summary>
    public static TpmAuthorization EmptyPassword { get; } = Password(ReadOnlyMemory<byte>.Empty);

    /// <summary>Session handle (TPM_RS_PW or a policy session).</summary>
    public uint SessionHandle { get; }

    /// <summary>Caller nonce sent with the authorization.</summary>
    public ReadOnlyMemory<byte> NonceCaller { get; }

    /// <summary>TPMA_SESSION bits.</summary>
    public SessionAttributes Attributes { get; }

    /// <summary>The password (password session) or HMAC (empty for a policy session without PolicyAuthValue).</summary>
    public ReadOnlyMemory<byte> Hmac { get; }

    /// <summary>The password session with the given password (TPM 2.0 Part 1, 19.8.4).</summary>
    /// <param name="password">The authValue of the entity.</param>
    /// <returns>The authorization.</returns>
    public static TpmAuthorization Password(ReadOnlyMemory<byte> password) =>
        new(TpmHandles.PasswordSession, ReadOnlyMemory<byte>.Empty, SessionAttributes.ContinueSession, password);

    /// <summary>
    /// A policy session used once: continueSession is clear, so the TPM flushes the session when the command
    /// succeeds (TPM 2.0 Part 1, 19.6.3). No PolicyAuthValue is used, so the HMAC is empty.
    /// </summary>
    /// <param name="sessionHandle">The policy session.</param>
    /// <param name="nonceCaller">A fresh caller nonce (16 to 32 bytes for SHA-256 sessions).</param>
    /// <returns>The authorization.</returns>
    public static TpmAuthorization PolicySession(uint sessionHandle, ReadOnlyMemory<byte> nonceCaller) =>
        new(sessionHandle, nonceCaller, SessionAttributes.None, ReadOnlyMemory<byte>.Empty);
}
