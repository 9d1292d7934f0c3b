using System.Collections.Frozen;
using System.Globalization;

namespace Vedliot.Attestation.Tpm.Commands;

/// <summary>Which part of a command a format-1 response code refers to (TPM 2.0 Part 2, 6.6.3, Figure 27).</summary>
public enum ResponseCodeSubject
{
    /// <summary>The code does not name a handle, parameter or session.</summary>
    None,
    /// <summary>The code refers to handle number <see cref="DecodedResponseCode.Index"/>.</summary>
    Handle,
    /// <summary>The code refers to parameter number <see cref="DecodedResponseCode.Index"/>.</summary>
    Parameter,
    /// <summary>The code refers to session number <see cref="DecodedResponseCode.Index"/>.</summary>
    Session,
}

/// <summary>A TPM_RC value split into its fields and named after TPM 2.0 Part 2, 6.6 (Table 16, TPM_RC constants).</summary>
/// <param name="Value">The raw response code.</param>
/// <param name="Name">Constant name, e.g. <c>TPM_RC_AUTH_FAIL</c>.</param>
/// <param name="Description">Meaning from the specification.</param>
/// <param name="IsFormat1">Whether the code uses format 1 (bit 7 set).</param>
/// <param name="IsWarning">Whether it is a warning (format 0 with the severity bit), i.e. the command may succeed if retried.</param>
/// <param name="Subject">What <paramref name="Index"/> refers to.</param>
/// <param name="Index">Handle, parameter or session number (1-based), or 0.</param>
public sealed record DecodedResponseCode(uint Value, string Name, string Description, bool IsFormat1, bool IsWarning, ResponseCodeSubject Subject, int Index)
{
    /// <inheritdoc />
    public override string ToString()
    {
        var where = Subject == ResponseCodeSubject.None ? string.Empty : string.Create(CultureInfo.InvariantCulture, $" ({Subject.ToString().ToLowerInvariant()} {Index})");
        return string.Create(CultureInfo.InvariantCulture, $"{Name} 0x{Value:X3}{where}: {Description} [TPM 2.0 Part 2, Table 16]");
    }
}

/// <summary>Decodes TPM_RC values (TPM 2.0 Part 2, 6.6).</summary>
public static class TpmResponseCode
{
    /// <summary>TPM_RC_SUCCESS.</summary>
    public const uint Success = 0;

    private const uint RcVer1 = 0x100;
    private const uint RcFmt1 = 0x080;

    private static readonly FrozenDictionary<uint, (string Name, string Description)> Format0 = new Dictionary<uint, (string, string)>
    {
        [0x000] = ("TPM_RC_INITIALIZE", "TPM not initialized by TPM2_Startup or already initialized"),
        [0x001] = ("TPM_RC_FAILURE", "commands not being accepted because of a TPM failure"),
        [0x003] = ("TPM_RC_SEQUENCE", "improper use of a sequence handle"),
        [0x00B] = ("TPM_RC_PRIVATE", "not currently used"),
        [0x019] = ("TPM_RC_HMAC", "not currently used"),
        [0x020] = ("TPM_RC_DISABLED", "the command is disabled"),
        [0x021] = ("TPM_RC_EXCLUSIVE", "command failed because audit sequence required exclusivity"),
        [0x024] = ("TPM_RC_AUTH_TYPE", "authorization handle is not correct for command"),
        [0x025] = ("TPM_RC_AUTH_MISSING", "command requires an authorization session for handle and it is not present"),
        [0x026] = ("TPM_RC_POLICY", "policy failure in math operation or an invalid authPolicy value"),
        [0x027] = ("TPM_RC_PCR", "PCR check fail"),
        [0x028] = ("TPM_RC_PCR_CHANGED", "PCR have changed since checked"),
        [0x02D] = ("TPM_RC_UPGRADE", "the TPM is in field upgrade mode"),
        [0x02E] = ("TPM_RC_TOO_MANY_CONTEXTS", "context ID counter is at maximum"),
        [0x02F] = ("TPM_RC_AUTH_UNAVAILABLE", "authValue or authPolicy is not available for selected entity"),
        [0x030] = ("TPM_RC_REBOOT", "a _TPM_Init and Startup(CLEAR) is required before the TPM can resume operation"),
        [0x031] = ("TPM_RC_UNBALANCED", "the protection algorithms (hash and symmetric) are not reasonably balanced"),
        [0x042] = ("TPM_RC_COMMAND_SIZE", "command commandSize value is inconsistent with contents of the command buffer"),
        [0x043] = ("TPM_RC_COMMAND_CODE", "command code not supported"),
        [0x044] = ("TPM_RC_AUTHSIZE", "the value of authorizationSize is out of range or the number of octets in the Authorization Area is greater than required"),
        [0x045] = ("TPM_RC_AUTH_CONTEXT", "use of an authorization session with a context command or another command that cannot have an authorization session"),
        [0x046] = ("TPM_RC_NV_RANGE", "NV offset+size is out of range"),
        [0x047] = ("TPM_RC_NV_SIZE", "requested allocation size is larger than allowed"),
        [0x048] = ("TPM_RC_NV_LOCKED", "NV access locked"),
        [0x049] = ("TPM_RC_NV_AUTHORIZATION", "NV access authorization fails in command actions"),
        [0x04A] = ("TPM_RC_NV_UNINITIALIZED", "an NV Index is used before being initialized or the state saved by TPM2_Shutdown(STATE) could not be restored"),
        [0x04B] = ("TPM_RC_NV_SPACE", "insufficient space for NV allocation"),
        [0x04C] = ("TPM_RC_NV_DEFINED", "NV Index or persistent object already defined"),
        [0x050] = ("TPM_RC_BAD_CONTEXT", "context in TPM2_ContextLoad() is not valid"),
        [0x051] = ("TPM_RC_CPHASH", "cpHash value already set or not correct for use"),
        [0x052] = ("TPM_RC_PARENT", "handle for parent is not a valid parent"),
        [0x053] = ("TPM_RC_NEEDS_TEST", "some function needs testing"),
        [0x054] = ("TPM_RC_NO_RESULT", "returned when an internal function cannot process a request due to an unspecified problem"),
        [0x055] = ("TPM_RC_SENSITIVE", "the sensitive area did not unmarshal correctly after decryption"),
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<uint, (string Name, string Description)> Format1 = new Dictionary<uint, (string, string)>
    {
        [0x01] = ("TPM_RC_ASYMMETRIC", "asymmetric algorithm not supported or not correct"),
        [0x02] = ("TPM_RC_ATTRIBUTES", "inconsistent attributes"),
        [0x03] = ("TPM_RC_HASH", "hash algorithm not supported or not appropriate"),
        [0x04] = ("TPM_RC_VALUE", "value is out of range or is not correct for the context"),
        [0x05] = ("TPM_RC_HIERARCHY", "hierarchy is not enabled or is not correct for the use"),
        [0x07] = ("TPM_RC_KEY_SIZE", "key size is not supported"),
        [0x08] = ("TPM_RC_MGF", "mask generation function not supported"),
        [0x09] = ("TPM_RC_MODE", "mode of operation not supported"),
        [0x0A] = ("TPM_RC_TYPE", "the type of the value is not appropriate for the use"),
        [0x0B] = ("TPM_RC_HANDLE", "the handle is not correct for the use"),
        [0x0C] = ("TPM_RC_KDF", "unsupported key derivation function or function not appropriate for use"),
        [0x0D] = ("TPM_RC_RANGE", "value was out of allowed range"),
        [0x0E] = ("TPM_RC_AUTH_FAIL", "the authorization HMAC check failed and DA counter incremented"),
        [0x0F] = ("TPM_RC_NONCE", "invalid nonce size or nonce value mismatch"),
        [0x10] = ("TPM_RC_PP", "authorization requires assertion of PP"),
        [0x12] = ("TPM_RC_SCHEME", "unsupported or incompatible scheme"),
        [0x15] = ("TPM_RC_SIZE", "structure is the wrong size"),
        [0x16] = ("TPM_RC_SYMMETRIC", "unsupported symmetric algorithm or key size, or not appropriate for instance"),
        [0x17] = ("TPM_RC_TAG", "incorrect structure tag"),
        [0x18] = ("TPM_RC_SELECTOR", "union selector is incorrect"),
        [0x1A] = ("TPM_RC_INSUFFICIENT", "the TPM was unable to unmarshal a value because there were not enough octets in the input buffer"),
        [0x1B] = ("TPM_RC_SIGNATURE", "the signature is not valid"),
        [0x1C] = ("TPM_RC_KEY", "key fields are not compatible with the selected use"),
        [0x1D] = ("TPM_RC_POLICY_FAIL", "a policy check failed"),
        [0x1F] = ("TPM_RC_INTEGRITY", "integrity check failed"),
        [0x20] = ("TPM_RC_TICKET", "invalid ticket"),
        [0x21] = ("TPM_RC_RESERVED_BITS", "reserved bits not set to zero as required"),
        [0x22] = ("TPM_RC_BAD_AUTH", "authorization failure without DA implications"),
        [0x23] = ("TPM_RC_EXPIRED", "the policy has expired"),
        [0x24] = ("TPM_RC_POLICY_CC", "the commandCode in the policy is not the commandCode of the command or the command code in a policy command references a command that is not implemented"),
        [0x25] = ("TPM_RC_BINDING", "public and sensitive portions of an object are not cryptographically bound"),
        [0x26] = ("TPM_RC_CURVE", "curve not supported"),
        [0x27] = ("TPM_RC_ECC_POINT", "point is not on the required curve"),
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<uint, (string Name, string Description)> Warnings = new Dictionary<uint, (string, string)>
    {
        [0x001] = ("TPM_RC_CONTEXT_GAP", "gap for context ID is too large"),
        [0x002] = ("TPM_RC_OBJECT_MEMORY", "out of memory for object contexts (flush transient objects)"),
        [0x003] = ("TPM_RC_SESSION_MEMORY", "out of memory for session contexts"),
        [0x004] = ("TPM_RC_MEMORY", "out of shared object/session memory or need space for internal operations"),
        [0x005] = ("TPM_RC_SESSION_HANDLES", "out of session handles; a session must be flushed before a new session may be created"),
        [0x006] = ("TPM_RC_OBJECT_HANDLES", "out of object handles; a reboot is required"),
        [0x007] = ("TPM_RC_LOCALITY", "bad locality"),
        [0x008] = ("TPM_RC_YIELDED", "the TPM has suspended operation on the command; the command may be retried"),
        [0x009] = ("TPM_RC_CANCELED", "the command was canceled"),
        [0x00A] = ("TPM_RC_TESTING", "TPM is performing self-tests"),
        [0x020] = ("TPM_RC_NV_RATE", "the TPM is rate-limiting accesses to prevent wearout of NV"),
        [0x021] = ("TPM_RC_LOCKOUT", "authorizations for objects subject to DA protection are not allowed at this time because the TPM is in DA lockout mode"),
        [0x022] = ("TPM_RC_RETRY", "the TPM was not able to start the command"),
        [0x023] = ("TPM_RC_NV_UNAVAILABLE", "the command may require writing of NV and NV is not current accessible"),
    }.ToFrozenDictionary();

    /// <summary>Splits a response code into format, number and subject and names it.</summary>
    /// <param name="value">The TPM_RC from a response header.</param>
    /// <returns>The decoded code.</returns>
    public static DecodedResponseCode Decode(uint value)
    {
        if (value == Success)
        {
            return new DecodedResponseCode(value, "TPM_RC_SUCCESS", "success", false, false, ResponseCodeSubject.None, 0);
        }

        if ((value & RcFmt1) != 0)
        {
            var number = value & 0x3F;
            var n = (int)((value >> 8) & 0xF);
            ResponseCodeSubject subject;
            int index;
            if ((value & 0x40) != 0)
            {
                subject = ResponseCodeSubject.Parameter;
                index = n;
            }
            else if ((n & 0x8) != 0)
            {
                subject = ResponseCodeSubject.Session;
                index = n & 0x7;
            }
            else
            {
                subject = n == 0 ? ResponseCodeSubject.None : ResponseCodeSubject.Handle;
                index = n;
            }

            var (name, description) = Format1.TryGetValue(number, out var known)
                ? known
                : (string.Create(CultureInfo.InvariantCulture, $"TPM_RC_FMT1_0x{number:X2}"), "unassigned format-1 error");
            return new DecodedResponseCode(value, name, description, true, false, subject, index);
        }

        if ((value & RcVer1) == 0)
        {
            return new DecodedResponseCode(value, "TPM_RC_TPM12", "a TPM 1.2 response code (bit 8 clear): the device is not speaking TPM 2.0", false, false, ResponseCodeSubject.None, 0);
        }

        if ((value & 0x400) != 0)
        {
            return new DecodedResponseCode(value, "TPM_RC_VENDOR", "vendor-defined response code", false, false, ResponseCodeSubject.None, 0);
        }

        var isWarning = (value & 0x800) != 0;
        var code = value & 0x7F;
        var table = isWarning ? Warnings : Format0;
        var (n0, d0) = table.TryGetValue(code, out var k0)
            ? k0
            : (string.Create(CultureInfo.InvariantCulture, $"{(isWarning ? "TPM_RC_WARN" : "TPM_RC_VER1")}_0x{code:X2}"), "unassigned format-0 code");
        if (isWarning && (code & 0x70) == 0x10)
        {
            var i = (int)(code & 0x7);
            return (code & 0x8) == 0
                ? new DecodedResponseCode(value, string.Create(CultureInfo.InvariantCulture, $"TPM_RC_REFERENCE_H{i}"), "the handle is not a valid loaded object or session", false, true, ResponseCodeSubject.Handle, i + 1)
                : new DecodedResponseCode(value, string.Create(CultureInfo.InvariantCulture, $"TPM_RC_REFERENCE_S{i}"), "the session handle references an unloaded session", false, true, ResponseCodeSubject.Session, i + 1);
        }

        return new DecodedResponseCode(value, n0, d0, false, isWarning, ResponseCodeSubject.None, 0);
    }
}
