namespace Vedliot.Attestation.Tpm.Structures;

/// <summary>TPM_ALG_ID values used by Vedliot (TPM 2.0 Part 2, Table 9; TCG Algorithm Registry).</summary>
public enum TpmAlgorithm : ushort
{
    /// <summary>TPM_ALG_ERROR.</summary>
    Error = 0x0000,
    /// <summary>TPM_ALG_RSA.</summary>
    Rsa = 0x0001,
    /// <summary>TPM_ALG_SHA1.</summary>
    Sha1 = 0x0004,
    /// <summary>TPM_ALG_HMAC.</summary>
    Hmac = 0x0005,
    /// <summary>TPM_ALG_AES.</summary>
    Aes = 0x0006,
    /// <summary>TPM_ALG_KEYEDHASH.</summary>
    KeyedHash = 0x0008,
    /// <summary>TPM_ALG_SHA256.</summary>
    Sha256 = 0x000B,
    /// <summary>TPM_ALG_SHA384.</summary>
    Sha384 = 0x000C,
    /// <summary>TPM_ALG_SHA512.</summary>
    Sha512 = 0x000D,
    /// <summary>TPM_ALG_NULL.</summary>
    Null = 0x0010,
    /// <summary>TPM_ALG_RSASSA (PKCS#1 v1.5 signatures).</summary>
    RsaSsa = 0x0014,
    /// <summary>TPM_ALG_RSAES (PKCS#1 v1.5 encryption).</summary>
    RsaEs = 0x0015,
    /// <summary>TPM_ALG_RSAPSS.</summary>
    RsaPss = 0x0016,
    /// <summary>TPM_ALG_OAEP.</summary>
    Oaep = 0x0017,
    /// <summary>TPM_ALG_ECDSA.</summary>
    EcDsa = 0x0018,
    /// <summary>TPM_ALG_ECC.</summary>
    Ecc = 0x0023,
    /// <summary>TPM_ALG_SYMCIPHER.</summary>
    SymCipher = 0x0025,
    /// <summary>TPM_ALG_CFB.</summary>
    Cfb = 0x0043,
}

/// <summary>TPM_CC command codes used by Vedliot (TPM 2.0 Part 2, Table 12).</summary>
public enum TpmCommandCode : uint
{
    /// <summary>TPM2_NV_Read.</summary>
    NvRead = 0x0000014E,
    /// <summary>TPM2_Create.</summary>
    Create = 0x00000153,
    /// <summary>TPM2_Load.</summary>
    Load = 0x00000157,
    /// <summary>TPM2_Quote.</summary>
    Quote = 0x00000158,
    /// <summary>TPM2_CreatePrimary.</summary>
    CreatePrimary = 0x00000131,
    /// <summary>TPM2_Startup.</summary>
    Startup = 0x00000144,
    /// <summary>TPM2_Shutdown.</summary>
    Shutdown = 0x00000145,
    /// <summary>TPM2_PolicySecret.</summary>
    PolicySecret = 0x00000151,
    /// <summary>TPM2_ActivateCredential.</summary>
    ActivateCredential = 0x00000147,
    /// <summary>TPM2_FlushContext.</summary>
    FlushContext = 0x00000165,
    /// <summary>TPM2_NV_ReadPublic.</summary>
    NvReadPublic = 0x00000169,
    /// <summary>TPM2_ReadPublic.</summary>
    ReadPublic = 0x00000173,
    /// <summary>TPM2_StartAuthSession.</summary>
    StartAuthSession = 0x00000176,
    /// <summary>TPM2_GetCapability.</summary>
    GetCapability = 0x0000017A,
    /// <summary>TPM2_GetRandom.</summary>
    GetRandom = 0x0000017B,
    /// <summary>TPM2_PCR_Read.</summary>
    PcrRead = 0x0000017E,
    /// <summary>TPM2_PCR_Extend.</summary>
    PcrExtend = 0x00000182,
    /// <summary>TPM2_PCR_Reset.</summary>
    PcrReset = 0x0000013D,
}

/// <summary>TPM_ST structure tags (TPM 2.0 Part 2, Table 19).</summary>
public enum TpmStructureTag : ushort
{
    /// <summary>TPM_ST_RSP_COMMAND: the tag of a TPM 1.2-format error response.</summary>
    RspCommand = 0x00C4,
    /// <summary>TPM_ST_NULL.</summary>
    Null = 0x8000,
    /// <summary>TPM_ST_NO_SESSIONS.</summary>
    NoSessions = 0x8001,
    /// <summary>TPM_ST_SESSIONS.</summary>
    Sessions = 0x8002,
    /// <summary>TPM_ST_ATTEST_QUOTE.</summary>
    AttestQuote = 0x8018,
    /// <summary>TPM_ST_CREATION.</summary>
    Creation = 0x8021,
}

/// <summary>TPM_SU startup types (TPM 2.0 Part 2, Table 20).</summary>
public enum TpmStartupType : ushort
{
    /// <summary>TPM_SU_CLEAR.</summary>
    Clear = 0x0000,
    /// <summary>TPM_SU_STATE.</summary>
    State = 0x0001,
}

/// <summary>TPM_SE session types (TPM 2.0 Part 2, Table 21).</summary>
public enum TpmSessionType : byte
{
    /// <summary>TPM_SE_HMAC.</summary>
    Hmac = 0x00,
    /// <summary>TPM_SE_POLICY.</summary>
    Policy = 0x01,
    /// <summary>TPM_SE_TRIAL.</summary>
    Trial = 0x03,
}

/// <summary>TPM_CAP capability groups (TPM 2.0 Part 2, Table 22).</summary>
public enum TpmCapability : uint
{
    /// <summary>TPM_CAP_ALGS.</summary>
    Algorithms = 0x00000000,
    /// <summary>TPM_CAP_HANDLES.</summary>
    Handles = 0x00000001,
    /// <summary>TPM_CAP_PCRS.</summary>
    Pcrs = 0x00000005,
    /// <summary>TPM_CAP_TPM_PROPERTIES.</summary>
    TpmProperties = 0x00000006,
}

/// <summary>Well-known handles and handle ranges (TPM 2.0 Part 2, Tables 26–28).</summary>
public static class TpmHandles
{
    /// <summary>TPM_RH_OWNER: the storage hierarchy.</summary>
    public const uint Owner = 0x40000001;
    /// <summary>TPM_RH_NULL.</summary>
    public const uint Null = 0x40000007;
    /// <summary>TPM_RS_PW: the password authorization session.</summary>
    public const uint PasswordSession = 0x40000009;
    /// <summary>TPM_RH_ENDORSEMENT: the endorsement hierarchy.</summary>
    public const uint Endorsement = 0x4000000B;
    /// <summary>TPM_RH_PLATFORM.</summary>
    public const uint Platform = 0x4000000C;
    /// <summary>First transient object handle (TPM_HT_TRANSIENT).</summary>
    public const uint TransientFirst = 0x80000000;
    /// <summary>First persistent object handle (TPM_HT_PERSISTENT).</summary>
    public const uint PersistentFirst = 0x81000000;
    /// <summary>First policy session handle (TPM_HT_POLICY_SESSION).</summary>
    public const uint PolicySessionFirst = 0x03000000;
    /// <summary>First HMAC session handle (TPM_HT_HMAC_SESSION).</summary>
    public const uint HmacSessionFirst = 0x02000000;
    /// <summary>NV index of the RSA 2048 EK certificate (TCG EK Credential Profile, 2.2.1.5.1).</summary>
    public const uint RsaEkCertificateNvIndex = 0x01C00002;
}

/// <summary>TPMA_OBJECT attribute bits (TPM 2.0 Part 2, Table 31).</summary>
[Flags]
public enum ObjectAttributes : uint
{
    /// <summary>No attribute.</summary>
    None = 0,
    /// <summary>fixedTPM: the object cannot be duplicated.</summary>
    FixedTpm = 1u << 1,
    /// <summary>stClear: the object is flushed on TPM Restart.</summary>
    StClear = 1u << 2,
    /// <summary>fixedParent: the parent cannot change.</summary>
    FixedParent = 1u << 4,
    /// <summary>sensitiveDataOrigin: the TPM generated the sensitive part.</summary>
    SensitiveDataOrigin = 1u << 5,
    /// <summary>userWithAuth: USER role accepts the authValue.</summary>
    UserWithAuth = 1u << 6,
    /// <summary>adminWithPolicy: ADMIN role needs a policy session.</summary>
    AdminWithPolicy = 1u << 7,
    /// <summary>noDA: not subject to dictionary-attack protection.</summary>
    NoDictionaryAttack = 1u << 10,
    /// <summary>encryptedDuplication.</summary>
    EncryptedDuplication = 1u << 11,
    /// <summary>restricted: the key only operates on TPM-formatted data.</summary>
    Restricted = 1u << 16,
    /// <summary>decrypt: the key may decrypt.</summary>
    Decrypt = 1u << 17,
    /// <summary>sign / encrypt: the key may sign.</summary>
    Sign = 1u << 18,
}

/// <summary>TPMA_SESSION attribute bits (TPM 2.0 Part 2, Table 32).</summary>
[Flags]
public enum SessionAttributes : byte
{
    /// <summary>No attribute: the session is closed after the command.</summary>
    None = 0,
    /// <summary>continueSession.</summary>
    ContinueSession = 1 << 0,
}

/// <summary>TPM_PT property tags read by Vedliot (TPM 2.0 Part 2, Table 23).</summary>
public enum TpmPropertyTag : uint
{
    /// <summary>TPM_PT_MANUFACTURER.</summary>
    Manufacturer = 0x00000105,
    /// <summary>TPM_PT_FIRMWARE_VERSION_1.</summary>
    FirmwareVersion1 = 0x0000010B,
    /// <summary>TPM_PT_HR_TRANSIENT_MIN: minimum number of transient object slots.</summary>
    TransientObjectsMin = 0x0000010E,
    /// <summary>TPM_PT_NV_BUFFER_MAX: largest NV read/write chunk.</summary>
    NvBufferMax = 0x0000012C,
}
